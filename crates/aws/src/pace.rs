//! Pacing: the services whose request quotas an account shares with every other tool are sent
//! at most a set rate, after a short burst, by a pacer under the SDK's retry loop (each
//! attempt, each page and each retry waits its turn), over the run's one HTTP client and its
//! concurrency budget ([`crate::budget`]).
//!
//! - AWS Organizations answers `TooManyRequestsException` when "you have sent too many requests
//!   in too short a period of time" (Organizations API Reference, "Common errors"); its quota is
//!   per organization and not published, and other tools (Control Tower, StackSets, SSO) spend
//!   it too.
//! - IAM Identity Center and the identity store answer `ThrottlingException` when a principal
//!   crosses "the throttling limits of the API operations" (SSO Admin and Identity Store API
//!   References, "ThrottlingException").
//! - AWS Account Management: "Rate of ListRegions requests per account: 5 per second, burst to
//!   5 per second" (Account Management Reference Guide, "Quotas for AWS Account Management").
//!
//! A replay has no clock to respect: nothing is paced there.

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// A paced service and its rate, as `--rate SERVICE=N` names them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    /// AWS Organizations, requests per second.
    pub organizations: f64,
    /// IAM Identity Center and the identity store together, requests per second.
    pub identity_center: f64,
    /// AWS Account Management (ListRegions), requests per second.
    pub account: f64,
}

impl Default for Rates {
    /// Headroom for the other tools of the organization: Organizations at 10 per second
    /// after a burst of 20, Identity Center at 15 after 10, Account Management at 4 after 5
    /// (its documented ListRegions rate is 5 per second per account).
    fn default() -> Self {
        Rates {
            organizations: 10.0,
            identity_center: 15.0,
            account: 4.0,
        }
    }
}

/// The services `--rate` accepts.
pub const SERVICES: &[&str] = &["organizations", "identity-center", "account"];

impl Rates {
    /// Apply one `SERVICE=N` setting (N requests per second, 0 for unpaced).
    pub fn set(&mut self, setting: &str) -> Result<(), String> {
        let (service, value) = setting.split_once('=').ok_or_else(|| {
            format!(
                "`{setting}` is not SERVICE=RATE (for example organizations=5); services: {}",
                SERVICES.join(", ")
            )
        })?;
        let rate: f64 = value
            .trim()
            .parse()
            .ok()
            .filter(|r: &f64| r.is_finite() && *r >= 0.0)
            .ok_or_else(|| {
                format!("`{value}` is not a rate: requests per second, 0 for unpaced")
            })?;
        match service.trim() {
            "organizations" => self.organizations = rate,
            "identity-center" => self.identity_center = rate,
            "account" => self.account = rate,
            other => {
                return Err(format!(
                    "`{other}` is not a paced service; services: {}",
                    SERVICES.join(", ")
                ))
            }
        }
        Ok(())
    }
}

/// The pacers of one run, shared by every session.
#[derive(Debug, Clone)]
pub struct Pacing {
    pub organizations: Arc<Pacer>,
    pub identity_center: Arc<Pacer>,
    pub account: Arc<Pacer>,
}

impl Pacing {
    pub fn new(rates: &Rates) -> Self {
        Pacing {
            organizations: Arc::new(Pacer::per_second(rates.organizations, 20)),
            identity_center: Arc::new(Pacer::per_second(rates.identity_center, 10)),
            account: Arc::new(Pacer::per_second(rates.account, 5)),
        }
    }

    /// Nothing paced (replay).
    pub fn unpaced() -> Self {
        Pacing::new(&Rates {
            organizations: 0.0,
            identity_center: 0.0,
            account: 0.0,
        })
    }
}

/// At most `burst` requests at once, then one per `interval` (a token bucket, kept as the
/// theoretical arrival time of the next request).
pub struct Pacer {
    interval: Duration,
    burst: u32,
    next: Mutex<Option<Instant>>,
}

impl fmt::Debug for Pacer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pacer")
            .field("interval", &self.interval)
            .field("burst", &self.burst)
            .finish()
    }
}

impl Pacer {
    /// `rate` requests per second (0: unpaced), after `burst` at once.
    pub fn per_second(rate: f64, burst: u32) -> Self {
        let interval = if rate > 0.0 {
            Duration::from_secs_f64(1.0 / rate)
        } else {
            Duration::ZERO
        };
        Pacer {
            interval,
            burst: burst.max(1),
            next: Mutex::new(None),
        }
    }

    /// Wait for this request's turn.
    pub async fn wait(&self) {
        if self.interval.is_zero() {
            return;
        }
        let slot = {
            let mut next = self.next.lock().await;
            self.schedule(&mut next, Instant::now())
        };
        tokio::time::sleep_until(slot).await;
    }

    /// The slot of a request arriving at `now`, given the theoretical arrival time of the
    /// next request (updated).
    fn schedule(&self, next: &mut Option<Instant>, now: Instant) -> Instant {
        let tat = next.map_or(now, |t| t.max(now));
        let allowance = self.interval * (self.burst - 1);
        let slot = tat.checked_sub(allowance).map_or(now, |s| s.max(now));
        *next = Some(tat + self.interval);
        slot
    }
}

/// An HTTP client whose requests wait for their turn at `pacer`.
#[derive(Debug, Clone)]
pub struct Paced {
    inner: SharedHttpClient,
    pacer: Arc<Pacer>,
}

impl Paced {
    pub fn new(inner: SharedHttpClient, pacer: Arc<Pacer>) -> Self {
        Paced { inner, pacer }
    }
}

impl HttpClient for Paced {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(PacedConnector {
            inner: self.inner.http_connector(settings, components),
            pacer: self.pacer.clone(),
        })
    }
}

#[derive(Debug, Clone)]
struct PacedConnector {
    inner: SharedHttpConnector,
    pacer: Arc<Pacer>,
}

impl HttpConnector for PacedConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let inner = self.inner.clone();
        let pacer = self.pacer.clone();
        HttpConnectorFuture::new(async move {
            pacer.wait().await;
            inner.call(request).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Offsets in milliseconds of the slots given to requests arriving at `arrivals` (ms).
    fn slots(pacer: &Pacer, arrivals: &[u64]) -> Vec<u128> {
        let start = Instant::now();
        let mut next = None;
        arrivals
            .iter()
            .map(|a| {
                let now = start + Duration::from_millis(*a);
                (pacer.schedule(&mut next, now) - start).as_millis()
            })
            .collect()
    }

    #[test]
    fn a_burst_then_the_rate() {
        let pacer = Pacer::per_second(10.0, 3);
        // Three at once, then one every 100 ms.
        assert_eq!(
            slots(&pacer, &[0, 0, 0, 0, 0, 0]),
            vec![0, 0, 0, 100, 200, 300]
        );
    }

    #[test]
    fn an_idle_pacer_refills_its_burst() {
        let pacer = Pacer::per_second(10.0, 2);
        assert_eq!(
            slots(&pacer, &[0, 0, 5000, 5000, 5000]),
            vec![0, 0, 5000, 5000, 5100]
        );
    }

    #[tokio::test]
    async fn zero_is_unpaced() {
        let pacer = Pacer::per_second(0.0, 1);
        let start = std::time::Instant::now();
        for _ in 0..1000 {
            pacer.wait().await;
        }
        assert!(start.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn rate_settings_are_checked() {
        let mut r = Rates::default();
        r.set("organizations=2.5").expect("valid");
        assert_eq!(r.organizations, 2.5);
        r.set("identity-center=0").expect("valid");
        assert_eq!(r.identity_center, 0.0);
        assert!(r
            .set("organisations=2")
            .unwrap_err()
            .contains("not a paced service"));
        assert!(r.set("account=-1").unwrap_err().contains("not a rate"));
        assert!(r.set("account").unwrap_err().contains("SERVICE=RATE"));
    }
}
