//! A concrete request, as IAM evaluates one: who calls (the principal), what action on which
//! resource, and the request context (condition keys and their values).

/// Who makes the request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Caller {
    /// An unsigned request.
    Anonymous,
    /// An IAM user or role session of an account. `arn` is the principal's ARN as a `Principal`
    /// element would name it (`arn:aws:iam::111122223333:role/Admin`), `account` its account.
    Iam { arn: String, account: String },
    /// An AWS service principal (`cloudtrail.amazonaws.com`).
    Service(String),
    /// A web identity or SAML federated user (`accounts.google.com`, a SAML provider ARN).
    Federated(String),
}

/// The request context: condition keys (compared case-insensitively) with their values.
/// A key with several values is a multivalued key (`aws:TagKeys`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Context {
    /// Lower-case key → values, in insertion order (a handful of keys: a linear scan is fastest).
    entries: Vec<(String, Vec<String>)>,
}

impl Context {
    /// Set `key` (any case) to `values`, replacing what was there.
    pub fn set(&mut self, key: &str, values: Vec<String>) {
        let k = key.to_ascii_lowercase();
        match self.entries.iter_mut().find(|(e, _)| *e == k) {
            Some(e) => e.1 = values,
            None => self.entries.push((k, values)),
        }
    }

    pub fn set_one(&mut self, key: &str, value: impl Into<String>) {
        self.set(key, vec![value.into()]);
    }

    pub fn remove(&mut self, key: &str) {
        let k = key.to_ascii_lowercase();
        self.entries.retain(|(e, _)| *e != k);
    }

    /// The values of `key_lower` (already lower case), if the key is present.
    pub fn get(&self, key_lower: &str) -> Option<&[String]> {
        self.entries
            .iter()
            .find(|(k, _)| k == key_lower)
            .map(|(_, v)| v.as_slice())
    }

    /// The single value of a key, any case.
    pub fn value(&self, key: &str) -> Option<&str> {
        let k = key.to_ascii_lowercase();
        self.get(&k).and_then(|v| v.first()).map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }
}

/// One request: principal, action, resource and context.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Request {
    pub caller: Caller,
    /// `service:Action`; compared case-insensitively.
    pub action: String,
    /// The resource ARN, or `*` for actions that act on no resource type (the Service
    /// Authorization Reference lists none for them, and policies must name `*`).
    pub resource: String,
    pub context: Context,
}

impl Request {
    /// The value a policy variable `${key}` stands for in this request: the context key, or
    /// the special characters `${*}`, `${?}` and `${$}` (IAM User Guide, "IAM policy elements:
    /// Variables and tags", "Special characters").
    pub fn variable(&self, name: &str) -> Option<String> {
        match name {
            "*" => Some("*".into()),
            "?" => Some("?".into()),
            "$" => Some("$".into()),
            key => self.context.value(key).map(str::to_string),
        }
    }

    /// Substitute every `${…}` in `text` (with `${key, 'default'}` defaults). `None` when a
    /// variable has no value and no default: the policy value then matches nothing ("If the
    /// variable is not present … the policy element is not matched").
    pub fn expand(&self, text: &str) -> Option<String> {
        if !text.contains("${") {
            return Some(text.to_string());
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                return Some(out);
            };
            let inner = &after[..end];
            let (name, default) = match inner.split_once(',') {
                Some((n, d)) => {
                    let d = d.trim();
                    let d = d
                        .strip_prefix('\'')
                        .and_then(|d| d.strip_suffix('\''))
                        .unwrap_or(d);
                    (n.trim(), Some(d))
                }
                None => (inner.trim(), None),
            };
            match self.variable(name) {
                Some(v) => out.push_str(&v),
                None => out.push_str(default?),
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_expand_with_defaults() {
        let mut ctx = Context::default();
        ctx.set_one("aws:username", "alice");
        let r = Request {
            caller: Caller::Anonymous,
            action: "s3:GetObject".into(),
            resource: "*".into(),
            context: ctx,
        };
        assert_eq!(
            r.expand("arn:aws:s3:::home/${aws:username}/*").as_deref(),
            Some("arn:aws:s3:::home/alice/*")
        );
        assert_eq!(r.expand("${aws:PrincipalTag/team}"), None);
        assert_eq!(
            r.expand("${aws:PrincipalTag/team, 'none'}").as_deref(),
            Some("none")
        );
        assert_eq!(r.expand("a${*}b").as_deref(), Some("a*b"));
    }
}
