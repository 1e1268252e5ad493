//! DNS for emulator runs: every name resolves to the loopback address, and nothing is ever
//! looked up. Endpoint rules put account ids or bucket names in front of the host
//! (`123456789012.127.0.0.1` for s3control); with this resolver such requests still reach the
//! emulator on loopback and can never leak to a real DNS server or a real host.

use aws_smithy_runtime_api::client::dns::{DnsFuture, ResolveDns, ResolveDnsError};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[derive(Debug, Clone)]
pub struct LoopbackResolver;

/// The address a host name may stand for in a loopback-only run, if any.
pub fn loopback_address(name: &str) -> Option<IpAddr> {
    let name = name
        .trim_end_matches('.')
        .trim_start_matches('[')
        .trim_end_matches(']');
    if let Ok(ip) = name.parse::<IpAddr>() {
        return ip.is_loopback().then_some(ip);
    }
    let lower = name.to_ascii_lowercase();
    if lower == "localhost" || lower.ends_with(".localhost") {
        return Some(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    // `<prefix>.127.0.0.1`: a virtual-host style name built on a loopback endpoint.
    if let Some((_, tail)) = lower.split_once('.') {
        if let Ok(ip) = tail.parse::<IpAddr>() {
            return ip.is_loopback().then_some(ip);
        }
        return loopback_address(tail);
    }
    None
}

/// Is this endpoint URL on the loopback interface?
pub fn is_loopback_url(url: &str) -> bool {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = rest.split('/').next().unwrap_or("");
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        authority
            .rsplit_once(':')
            .map(|(h, _)| h)
            .unwrap_or(authority)
    };
    matches!(host.parse::<IpAddr>(), Ok(ip) if ip.is_loopback())
        || host.eq_ignore_ascii_case("localhost")
        || host == Ipv6Addr::LOCALHOST.to_string()
}

impl ResolveDns for LoopbackResolver {
    fn resolve_dns<'a>(&'a self, name: &'a str) -> DnsFuture<'a> {
        DnsFuture::ready(match loopback_address(name) {
            Some(ip) => Ok(vec![ip]),
            None => Err(ResolveDnsError::new(format!(
                "refusing to resolve {name}: this run is pinned to the loopback emulator"
            ))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_to_loopback_or_are_refused() {
        let lo = Some(IpAddr::V4(Ipv4Addr::LOCALHOST));
        assert_eq!(loopback_address("127.0.0.1"), lo);
        assert_eq!(loopback_address("123456789012.127.0.0.1"), lo);
        assert_eq!(loopback_address("bucket.s3.localhost"), lo);
        assert_eq!(loopback_address("localhost"), lo);
        assert_eq!(
            loopback_address("::1"),
            Some(IpAddr::V6(Ipv6Addr::LOCALHOST))
        );
        assert_eq!(loopback_address("s3.amazonaws.com"), None);
        assert_eq!(loopback_address("10.0.0.1"), None);
        assert_eq!(loopback_address("127.0.0.1.evil.com"), None);
    }

    #[test]
    fn loopback_urls() {
        assert!(is_loopback_url("http://127.0.0.1:5000"));
        assert!(is_loopback_url("http://localhost:5000/"));
        assert!(is_loopback_url("http://[::1]:5000"));
        assert!(!is_loopback_url(
            "https://organizations.us-east-1.amazonaws.com"
        ));
        assert!(!is_loopback_url("http://192.168.1.10:5000"));
    }
}
