//! Collection coverage: accounts that could not be read are findings, never silent gaps.

mod cov1_accounts_readable;

use crate::Rule;

pub(crate) fn rules() -> Vec<&'static dyn Rule> {
    vec![&cov1_accounts_readable::Cov1]
}
