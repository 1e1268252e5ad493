//! Localisation with Project Fluent (`fluent-bundle`): every text a person reads in a report
//! is a Fluent message, in English and in Japanese, looked up by id.
//!
//! - The report's own strings are `crates/report/locales/{en,ja}.ftl`.
//! - Each rule carries its observed/expected messages next to its logic, in its metadata,
//!   and the rules crate joins them into one bundle per language.
//! - Messages are formatted without Unicode isolation marks: reports are plain text, HTML
//!   (escaped after formatting) and CSV, where invisible FSI/PDI characters would only get in
//!   the way of searching and copying.
//!
//! A message missing from a language falls back to English, and a message missing from
//! English to the text the rule stored: a finding always reads as something.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use orgaudit_model::{Arg, Message};
use std::borrow::Cow;

/// The languages orgaudit writes.
pub const LANGUAGES: [&str; 2] = ["en", "ja"];

/// One language's messages.
pub struct Bundle {
    inner: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Bundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bundle")
            .field("locales", &self.inner.locales)
            .finish()
    }
}

/// A resource that does not parse, or an id defined twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceError {
    /// Which resource (a file name, or a rule id).
    pub origin: String,
    pub detail: String,
}

impl std::fmt::Display for ResourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Fluent resource {}: {}", self.origin, self.detail)
    }
}

impl std::error::Error for ResourceError {}

impl Bundle {
    /// A bundle for `lang` (`en`, `ja`) from resources in Fluent syntax, each named by its
    /// origin. Every resource is added; the errors are returned beside the bundle, so a bad
    /// resource costs its own messages only (the tests require none).
    pub fn new<'a>(
        lang: &str,
        resources: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Bundle, Vec<ResourceError>) {
        let langid: unic_langid::LanguageIdentifier = lang.parse().unwrap_or_default();
        let mut inner = FluentBundle::new_concurrent(vec![langid]);
        inner.set_use_isolating(false);
        let mut errors = Vec::new();
        for (origin, source) in resources {
            let resource = match FluentResource::try_new(source.to_string()) {
                Ok(r) => r,
                Err((r, errs)) => {
                    for e in errs {
                        errors.push(ResourceError {
                            origin: origin.to_string(),
                            detail: format!("{e:?}"),
                        });
                    }
                    r
                }
            };
            if let Err(errs) = inner.add_resource(resource) {
                for e in errs {
                    errors.push(ResourceError {
                        origin: origin.to_string(),
                        detail: format!("{e:?}"),
                    });
                }
            }
        }
        (Bundle { inner }, errors)
    }

    pub fn has(&self, id: &str) -> bool {
        self.inner.has_message(id)
    }

    /// Format message `id` with `args`; `None` if the bundle has no such message (or it has
    /// no value). A formatting error (a missing argument) leaves `{$name}` in the text, as
    /// Fluent does; [`Bundle::format_checked`] reports it.
    pub fn format(&self, id: &str, args: &[(Cow<'_, str>, Arg)]) -> Option<String> {
        let mut errors = Vec::new();
        self.render(id, args, &mut errors)
    }

    /// Format `id` and fail on any formatting error, nested messages included (for the
    /// tests: every message with every argument it names).
    pub fn format_checked(&self, id: &str, args: &[(Cow<'_, str>, Arg)]) -> Result<String, String> {
        let mut errors = Vec::new();
        let text = self
            .render(id, args, &mut errors)
            .ok_or_else(|| format!("no message `{id}`"))?;
        if errors.is_empty() {
            Ok(text)
        } else {
            Err(format!("`{id}`: {}", errors.join("; ")))
        }
    }

    /// Nested messages ([`Arg::List`]) are rendered first, in this bundle, and joined with
    /// their message's `.separator` attribute, or the bundle's `list-separator` message (`; `
    /// when it has neither).
    fn render(
        &self,
        id: &str,
        args: &[(Cow<'_, str>, Arg)],
        errors: &mut Vec<String>,
    ) -> Option<String> {
        let Some(pattern) = self.inner.get_message(id).and_then(|m| m.value()) else {
            errors.push(format!("no message `{id}`"));
            return None;
        };
        let mut fargs = FluentArgs::with_capacity(args.len());
        for (k, v) in args {
            let value = match v {
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Text(t) => FluentValue::from(t.as_str()),
                Arg::List(list) => {
                    // The items' own `.separator` attribute, else the bundle's
                    // `list-separator`, else `; `.
                    let own = list
                        .first()
                        .and_then(|m| self.inner.get_message(&m.id))
                        .and_then(|m| m.get_attribute("separator"))
                        .map(|a| a.value());
                    let sep = own
                        .or_else(|| {
                            self.inner
                                .get_message("list-separator")
                                .and_then(|m| m.value())
                        })
                        .map(|p| {
                            self.inner
                                .format_pattern(p, None, &mut Vec::new())
                                .into_owned()
                        })
                        .unwrap_or_else(|| "; ".into());
                    let items: Vec<String> = list
                        .iter()
                        .map(|m| {
                            self.render(&m.id, &m.args, errors)
                                .unwrap_or_else(|| m.id.to_string())
                        })
                        .collect();
                    FluentValue::from(items.join(&sep))
                }
            };
            fargs.set(k.to_string(), value);
        }
        let mut fluent_errors = Vec::new();
        let text = self
            .inner
            .format_pattern(pattern, Some(&fargs), &mut fluent_errors);
        errors.extend(fluent_errors.iter().map(|e| format!("`{id}`: {e:?}")));
        Some(text.into_owned())
    }

    /// A message, or `None` when this bundle lacks it.
    pub fn message(&self, msg: &Message) -> Option<String> {
        self.format(&msg.id, &msg.args)
    }
}

/// The message ids a Fluent resource defines (terms apart), in order.
pub fn ids(source: &str) -> Vec<String> {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    resource
        .body
        .iter()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = "greeting = { $count ->\n    [one] one bucket\n   *[other] { $count } buckets\n}\nplain = Versioning { $status }\n";
    const JA: &str = "greeting = バケット { $count } 件\n";

    #[test]
    fn messages_render_per_language_with_plurals_and_without_isolation_marks() {
        let (en, errors) = Bundle::new("en", [("test", EN)]);
        assert!(errors.is_empty(), "{errors:?}");
        let (ja, errors) = Bundle::new("ja", [("test", JA)]);
        assert!(errors.is_empty(), "{errors:?}");
        let one = Message::new("greeting").arg("count", 1usize);
        let many = Message::new("greeting").arg("count", 3usize);
        assert_eq!(en.message(&one).as_deref(), Some("one bucket"));
        assert_eq!(en.message(&many).as_deref(), Some("3 buckets"));
        assert_eq!(ja.message(&many).as_deref(), Some("バケット 3 件"));
        let plain = Message::new("plain").arg("status", "Suspended");
        let text = en.message(&plain).unwrap();
        assert_eq!(text, "Versioning Suspended");
        assert!(!text.contains('\u{2068}') && !text.contains('\u{2069}'));
        assert_eq!(
            ja.message(&plain),
            None,
            "missing in ja: the caller falls back"
        );
        assert_eq!(ids(EN), ["greeting", "plain"]);
        // Nested messages render in the same language, joined by its separator.
        let (ja2, _) = Bundle::new(
            "ja",
            [(
                "t",
                "list-separator = 、\nwhy = 理由: { $why }\nitem = 項目 { $n }\n",
            )],
        );
        let nested = Message::new("why").arg(
            "why",
            vec![
                Message::new("item").arg("n", 1usize),
                Message::new("item").arg("n", 2usize),
            ],
        );
        assert_eq!(
            ja2.message(&nested).as_deref(),
            Some("理由: 項目 1、項目 2")
        );
        assert!(
            ja2.format_checked("why", &[]).is_err(),
            "a missing argument is an error"
        );
    }

    #[test]
    fn a_broken_resource_is_reported() {
        let (_, errors) = Bundle::new("en", [("bad", "= no id\nok = fine\n")]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].origin, "bad");
        let (_, errors) = Bundle::new("en", [("a", "x = 1\n"), ("b", "x = 2\n")]);
        assert_eq!(errors.len(), 1, "an id defined twice");
    }
}
