//! The rules' observed and expected texts as Fluent messages (`orgaudit-l10n`), so that a
//! report renders each finding in its reader's language.
//!
//! - Each rule writes its messages next to its logic, in its metadata
//!   ([`RuleMeta::messages`](crate::RuleMeta), English and Japanese Fluent resources). Their
//!   ids start with the rule's slug (`s3-1-…` for S3.1), so no two rules can collide.
//! - The messages rules share (what could not be read) are `crates/rules/locales/*.ftl`.
//! - A rule sets a finding's texts with [`Say::observe`] / [`Say::expect`]: the finding keeps
//!   the message and its English rendering (`observed` / `expected`, what the machine formats
//!   carry), and a report in Japanese renders the message with [`render`].
//! - Argument values are data (names, ARNs, AWS error codes, policy text) and are never
//!   translated.

use crate::RuleMeta;
use orgaudit_l10n::{Bundle, ResourceError};
use orgaudit_model::{Finding, Message};
use std::sync::OnceLock;

const COMMON_EN: &str = include_str!("../locales/en.ftl");
const COMMON_JA: &str = include_str!("../locales/ja.ftl");

/// Build a message: `msg!("s3-1-status", status = "Suspended")`.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        orgaudit_model::Message::new($id)$(.arg(stringify!($name), $value))*
    };
}

/// Every rule's metadata, once (the bundles hold every registered rule's messages, whether
/// or not a run enables it).
fn metas() -> Vec<&'static RuleMeta> {
    crate::registered().into_iter().map(|r| r.meta()).collect()
}

/// The Fluent resources of a language: the shared ones, then each rule's.
pub fn resources(lang: &str) -> Vec<(&'static str, &'static str)> {
    let ja = lang == "ja";
    let mut out = vec![("rules/locales", if ja { COMMON_JA } else { COMMON_EN })];
    for m in metas() {
        let source = if ja { m.messages.ja } else { m.messages.en };
        if !source.is_empty() {
            out.push((m.id, source));
        }
    }
    out
}

fn build(lang: &str) -> (Bundle, Vec<ResourceError>) {
    Bundle::new(lang, resources(lang))
}

/// The rules' messages in `lang` (`ja`; anything else is English).
pub fn bundle(lang: &str) -> &'static Bundle {
    static EN: OnceLock<Bundle> = OnceLock::new();
    static JA: OnceLock<Bundle> = OnceLock::new();
    if lang == "ja" {
        JA.get_or_init(|| build("ja").0)
    } else {
        EN.get_or_init(|| build("en").0)
    }
}

/// A message in `lang`, or `None` when the language lacks it (the caller keeps the English
/// text the finding carries).
pub fn render(lang: &str, msg: &Message) -> Option<String> {
    bundle(lang).message(msg)
}

/// A message in English; its id if even English lacks it (a test makes sure none does).
pub fn english(msg: &Message) -> String {
    render("en", msg).unwrap_or_else(|| msg.id.to_string())
}

/// Setting a finding's observed and expected texts as messages.
pub trait Say {
    fn observe(&mut self, msg: Message);
    fn expect(&mut self, msg: Message);
}

impl Say for Finding {
    fn observe(&mut self, msg: Message) {
        self.observed = english(&msg);
        self.observed_msg = Some(Box::new(msg));
    }

    fn expect(&mut self, msg: Message) {
        self.expected = english(&msg).into();
        self.expected_msg = Some(Box::new(msg));
    }
}

/// The slug a rule's message ids start with: `S3.1` → `s3-1-`.
pub fn slug(rule_id: &str) -> String {
    format!("{}-", rule_id.to_ascii_lowercase().replace('.', "-"))
}

/// Checks a finding's messages: both present, both render in every language with every
/// argument they name, and the English rendering is the text the finding carries.
pub fn check(f: &Finding) -> Result<(), String> {
    let (Some(observed), Some(expected)) = (&f.observed_msg, &f.expected_msg) else {
        return Err(format!(
            "{} {}: observed/expected are not messages (observed: {})",
            f.rule_id, f.resource, f.observed
        ));
    };
    for (msg, text) in [
        (observed, f.observed.as_str()),
        (expected, f.expected.as_ref()),
    ] {
        for lang in orgaudit_l10n::LANGUAGES {
            let rendered = bundle(lang)
                .format_checked(&msg.id, &msg.args)
                .map_err(|e| format!("{} ({lang}): {e}", f.rule_id))?;
            if lang == "en" && rendered != text {
                return Err(format!(
                    "{}: `{}` renders as {rendered:?}, the finding says {text:?}",
                    f.rule_id, msg.id
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every resource parses in both languages; English and Japanese define the same ids;
    /// each rule's ids carry its slug.
    #[test]
    fn every_rule_message_exists_in_both_languages() {
        for lang in orgaudit_l10n::LANGUAGES {
            let (_, errors) = build(lang);
            assert!(errors.is_empty(), "{lang}: {errors:?}");
        }
        assert_eq!(orgaudit_l10n::ids(COMMON_EN), orgaudit_l10n::ids(COMMON_JA));
        for m in metas() {
            let en = orgaudit_l10n::ids(m.messages.en);
            let ja = orgaudit_l10n::ids(m.messages.ja);
            assert_eq!(en, ja, "{}: the same ids in en and ja", m.id);
            let slug = slug(m.id);
            for id in &en {
                assert!(
                    id.starts_with(&slug),
                    "{}: `{id}` does not start with {slug}",
                    m.id
                );
            }
        }
    }

    #[test]
    fn a_finding_keeps_the_message_and_its_english() {
        let mut f = crate::Catalogue::defaults()
            .meta("S3.1")
            .unwrap()
            .finding(orgaudit_model::Status::Unknown, "arn:aws:s3:::b");
        f.observe(crate::msg!(
            "not-read",
            error = "AccessDenied (GetBucketVersioning)"
        ));
        f.expect(crate::msg!("every-bucket-evaluated"));
        assert_eq!(f.observed, "not read: AccessDenied (GetBucketVersioning)");
        check(&f).unwrap();
        assert_eq!(
            render("ja", f.observed_msg.as_ref().unwrap()).as_deref(),
            Some("読み取れなかった: AccessDenied (GetBucketVersioning)")
        );
    }
}
