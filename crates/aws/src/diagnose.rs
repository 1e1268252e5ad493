//! Why the caller could not be identified, in one actionable sentence per cause, instead of the
//! SDK's error chain (which `-v` still logs): no credentials anywhere, a profile that does not
//! exist, an IAM Identity Center session that expired, an endpoint that cannot be reached, or
//! credentials STS refused.

use crate::ErrorInfo;
use std::path::PathBuf;

/// What the run was asked to use, for the messages.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub profile: Option<String>,
    pub endpoint: Option<String>,
    pub region: String,
}

/// The causes a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error(
        "no AWS credentials found: orgaudit looked in the environment (AWS_ACCESS_KEY_ID, \
         AWS_PROFILE), the shared files ({files}), web identity and the ECS and EC2 instance \
         roles. Pass --profile NAME (for an IAM Identity Center profile, run `aws sso login \
         --profile NAME` first) or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
    )]
    NoCredentials { files: String },
    #[error(
        "the profile `{profile}` is not defined in {files}{known}: check --profile or AWS_PROFILE."
    )]
    UnknownProfile {
        profile: String,
        files: String,
        known: String,
    },
    #[error(
        "the IAM Identity Center session of {who} has expired or was never started: run `aws sso \
         login{flag}` and try again."
    )]
    SsoSession { who: String, flag: String },
    #[error("could not reach {endpoint} ({reason}): check that it is up and reachable{hint}.")]
    Unreachable {
        endpoint: String,
        reason: String,
        hint: String,
    },
    #[error(
        "STS refused the credentials ({code}: {message}): they are invalid, expired or for \
         another partition; check --profile, AWS_PROFILE or AWS_ACCESS_KEY_ID."
    )]
    Refused { code: String, message: String },
    #[error(
        "could not establish who is calling (sts:GetCallerIdentity failed with {code}: \
         {message})."
    )]
    Other { code: String, message: String },
}

/// The shared config and credentials files, as the SDKs find them (AWS SDKs and Tools
/// Reference Guide, "Location of the shared files": `AWS_CONFIG_FILE`,
/// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`).
fn shared_files() -> [PathBuf; 2] {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    [
        std::env::var_os("AWS_CONFIG_FILE")
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(".aws/config")),
        std::env::var_os("AWS_SHARED_CREDENTIALS_FILE")
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(".aws/credentials")),
    ]
}

fn files_text() -> String {
    let [c, k] = shared_files();
    format!("{} and {}", c.display(), k.display())
}

/// Profile names defined in the shared files: `[profile NAME]` (and `[default]`) in the config
/// file, `[NAME]` in the credentials file.
fn profiles([config, credentials]: &[PathBuf; 2]) -> Vec<String> {
    let mut out = Vec::new();
    let sections = |path: &PathBuf| -> Vec<String> {
        std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                l.strip_prefix('[')
                    .and_then(|r| r.strip_suffix(']'))
                    .map(|s| s.trim().to_string())
            })
            .collect()
    };
    for s in sections(config) {
        if let Some(name) = s.strip_prefix("profile ") {
            out.push(name.trim().to_string());
        } else if s == "default" {
            out.push(s);
        }
    }
    out.extend(sections(credentials));
    out.sort();
    out.dedup();
    out
}

/// A named profile must exist before anything is tried with it (the SDK would otherwise fall
/// through to the instance roles and report their failure instead).
pub fn check_profile(profile: &str) -> Result<(), IdentityError> {
    check_profile_in(profile, &shared_files())
}

fn check_profile_in(profile: &str, files: &[PathBuf; 2]) -> Result<(), IdentityError> {
    let known = profiles(files);
    if known.iter().any(|p| p == profile) {
        return Ok(());
    }
    Err(IdentityError::UnknownProfile {
        profile: profile.to_string(),
        files: format!("{} and {}", files[0].display(), files[1].display()),
        known: if known.is_empty() {
            " (no profile is defined there)".into()
        } else {
            format!(" (profiles there: {})", known.join(", "))
        },
    })
}

/// The cause of a failed GetCallerIdentity, from the SDK's error.
pub fn identity(e: &ErrorInfo, ctx: &Context) -> IdentityError {
    let m = e.message.as_str();
    let lower = m.to_ascii_lowercase();
    if lower.contains("sso token") || lower.contains("sso session") {
        let (who, flag) = match &ctx.profile {
            Some(p) => (format!("profile `{p}`"), format!(" --profile {p}")),
            None => ("the default profile".into(), String::new()),
        };
        return IdentityError::SsoSession { who, flag };
    }
    // Every source of the default chain failed or was absent (the last one tried, the EC2
    // instance metadata, is what the SDK reports).
    if lower.contains("no credentials found in chain")
        || lower.contains("credentialsnotloaded")
        || lower.contains("while loading credentials")
        || (lower.contains("credential provider was not enabled") && ctx.profile.is_none())
    {
        return IdentityError::NoCredentials {
            files: files_text(),
        };
    }
    if e.code == "DispatchFailure" || e.code == "TimeoutError" {
        let reason = if lower.contains("connection refused") {
            "connection refused"
        } else if lower.contains("dns") || lower.contains("resolve") || lower.contains("lookup") {
            "the name does not resolve"
        } else if e.code == "TimeoutError" || lower.contains("timed out") {
            "no answer in time"
        } else if lower.contains("certificate") || lower.contains("tls") {
            "the TLS handshake failed"
        } else {
            "the connection failed"
        };
        let (endpoint, hint) = match &ctx.endpoint {
            Some(url) => (url.clone(), " (--endpoint-url)".to_string()),
            None => (
                format!("AWS STS in {}", ctx.region),
                ", and the network, proxy (HTTPS_PROXY) and --region".to_string(),
            ),
        };
        return IdentityError::Unreachable {
            endpoint,
            reason: reason.into(),
            hint,
        };
    }
    if matches!(
        e.code.as_str(),
        "InvalidClientTokenId"
            | "SignatureDoesNotMatch"
            | "ExpiredToken"
            | "UnrecognizedClientException"
            | "AccessDenied"
    ) {
        return IdentityError::Refused {
            code: e.code.clone(),
            message: e.message.clone(),
        };
    }
    IdentityError::Other {
        code: e.code.clone(),
        message: e.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(code: &str, message: &str) -> ErrorInfo {
        ErrorInfo {
            code: code.into(),
            message: message.into(),
        }
    }

    #[test]
    fn each_cause_reads_as_one_sentence_to_act_on() {
        let ctx = Context {
            region: "us-east-1".into(),
            ..Default::default()
        };
        let none = identity(
            &err("DispatchFailure", "dispatch failure: other: the credential provider was not enabled: no credentials found in chain. Attempted: Environment: …"),
            &ctx,
        );
        assert!(
            matches!(none, IdentityError::NoCredentials { .. }),
            "{none}"
        );
        assert!(none.to_string().contains("aws sso login"));
        assert!(!none.to_string().contains("Attempted"), "no SDK dump");
        let imds = identity(
            &err("DispatchFailure", "dispatch failure: other: an error occurred while loading credentials: failed to load IMDS session token"),
            &ctx,
        );
        assert!(
            matches!(imds, IdentityError::NoCredentials { .. }),
            "{imds}"
        );

        let sso = identity(
            &err(
                "DispatchFailure",
                "… the SSO token has expired and cannot be refreshed",
            ),
            &Context {
                profile: Some("prod-admin".into()),
                ..ctx.clone()
            },
        );
        assert!(
            sso.to_string()
                .contains("aws sso login --profile prod-admin"),
            "{sso}"
        );

        let down = identity(
            &err("DispatchFailure", "io error: client error (Connect): tcp connect error: Connection refused (os error 111)"),
            &Context {
                endpoint: Some("http://127.0.0.1:9".into()),
                ..ctx.clone()
            },
        );
        assert_eq!(
            down.to_string(),
            "could not reach http://127.0.0.1:9 (connection refused): check that it is up and reachable (--endpoint-url)."
        );
        assert!(!down.to_string().contains("credentials"));

        let refused = identity(
            &err(
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
            ),
            &ctx,
        );
        assert!(matches!(refused, IdentityError::Refused { .. }));
    }

    #[test]
    fn an_unknown_profile_names_the_files_and_the_profiles_there() {
        let dir = std::env::temp_dir().join(format!("orgaudit-profiles-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("config"),
            "[default]\nregion = us-east-1\n[profile audit]\nsso_session = x\n",
        )
        .unwrap();
        std::fs::write(dir.join("credentials"), "[ci]\naws_access_key_id = x\n").unwrap();
        let files = [dir.join("config"), dir.join("credentials")];
        assert!(check_profile_in("audit", &files).is_ok());
        assert!(check_profile_in("ci", &files).is_ok());
        let e = check_profile_in("prod", &files).unwrap_err().to_string();
        assert!(e.contains("`prod` is not defined"), "{e}");
        assert!(e.contains("profiles there: audit, ci, default"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
