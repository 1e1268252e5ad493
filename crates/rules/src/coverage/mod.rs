//! Collection coverage: accounts that could not be read are findings, never silent gaps.

crate::register! {
    cov1_accounts_readable::Cov1,
}
