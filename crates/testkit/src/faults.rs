//! The test relay in front of the emulator. It answers the documented real-AWS behaviours moto
//! lacks ([`crate::aws_behaviour`]: account:ListRegions, CloudTrail Lake, the permissions
//! boundary of a permission set), so that a run through it is complete and faithful; every
//! end-to-end test and the benchmark go through it. For the fault tests it also answers some
//! requests itself with throttling errors, in each protocol's own shape: a "throttling storm".

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::aws_behaviour::AwsBehaviour;

pub struct ThrottlingRelay {
    pub port: u16,
    /// Requests answered with a throttling error so far.
    pub injected: Arc<AtomicUsize>,
    /// Requests relayed to the emulator so far.
    pub relayed: Arc<AtomicUsize>,
    /// The most requests the relay held at once (read, not yet answered): a lower bound of
    /// the client's requests in flight.
    pub most_in_flight: Arc<AtomicUsize>,
    /// Requests the AWS behaviour layer sent to the emulator on its own (ListBuckets reads
    /// every bucket's location): load on the emulator that the client's calls do not count.
    pub behind: Arc<AtomicUsize>,
}

impl ThrottlingRelay {
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// The throttling answer for a request, by protocol, rotating through the forms AWS uses.
fn throttle(headers: &str, n: usize) -> String {
    let lower = headers.to_ascii_lowercase();
    let (status, content_type, body) = if lower.contains("x-amz-target:") {
        match n % 3 {
            0 => (
                400,
                "application/x-amz-json-1.1",
                r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#.to_string(),
            ),
            1 => (
                400,
                "application/x-amz-json-1.1",
                r#"{"__type":"TooManyRequestsException","Message":"Too many requests"}"#
                    .to_string(),
            ),
            _ => (
                429,
                "application/x-amz-json-1.1",
                r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#.to_string(),
            ),
        }
    } else if lower.contains("content-type: application/x-www-form-urlencoded") {
        (400, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>".to_string())
    } else if n.is_multiple_of(2) {
        (503, "application/xml", "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>".to_string())
    } else {
        (503, "application/xml", "<Error><Code>ServiceUnavailable</Code><Message>Service is unable to handle request.</Message></Error>".to_string())
    };
    let reason = match status {
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Bad Request",
    };
    format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Relay to `127.0.0.1:target`, answering every `every`-th request with a throttling error
/// (`0`: none).
pub fn start(target: u16, every: usize) -> Result<ThrottlingRelay, String> {
    start_to(std::net::SocketAddr::from(([127, 0, 0, 1], target)), every)
}

/// The same, towards any address (the benchmark's emulator in a network namespace).
pub fn start_to(target: std::net::SocketAddr, every: usize) -> Result<ThrottlingRelay, String> {
    start_with(target, every, std::time::Duration::ZERO)
}

/// The same, holding every request and every answer `delay` (a one-way network latency
/// emulated in user space, where the kernel has no `netem`).
pub fn start_with(
    target: std::net::SocketAddr,
    every: usize,
    delay: std::time::Duration,
) -> Result<ThrottlingRelay, String> {
    start_aws(target, every, delay, Arc::new(AwsBehaviour::default()))
}

/// The relay with the AWS behaviours of `behaviour` (an organization as AWS sets one up, by
/// default).
/// The AWS behaviour relay in front of moto on `moto_port`, with no fault of its own.
pub fn aws_relay(moto_port: u16, behaviour: AwsBehaviour) -> Result<ThrottlingRelay, String> {
    start_aws(
        std::net::SocketAddr::from(([127, 0, 0, 1], moto_port)),
        0,
        std::time::Duration::ZERO,
        Arc::new(behaviour),
    )
}

pub fn start_aws(
    target: std::net::SocketAddr,
    every: usize,
    delay: std::time::Duration,
    behaviour: Arc<AwsBehaviour>,
) -> Result<ThrottlingRelay, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let injected = Arc::new(AtomicUsize::new(0));
    let relayed = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(AtomicUsize::new(0));
    let most_in_flight = Arc::new(AtomicUsize::new(0));
    let now_in_flight = Arc::new(AtomicUsize::new(0));
    let behind = Arc::new(AtomicUsize::new(0));
    let counters = Counters {
        behind: behind.clone(),
        injected: injected.clone(),
        relayed: relayed.clone(),
        seen,
        now_in_flight,
        most_in_flight: most_in_flight.clone(),
    };
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let counters = counters.clone();
            let behaviour = behaviour.clone();
            std::thread::spawn(move || {
                let _ = serve(client, target, every, delay, &counters, &behaviour);
            });
        }
    });
    Ok(ThrottlingRelay {
        port,
        injected,
        relayed,
        most_in_flight,
        behind,
    })
}

#[derive(Clone)]
struct Counters {
    behind: Arc<AtomicUsize>,
    injected: Arc<AtomicUsize>,
    relayed: Arc<AtomicUsize>,
    seen: Arc<AtomicUsize>,
    now_in_flight: Arc<AtomicUsize>,
    most_in_flight: Arc<AtomicUsize>,
}

/// One request per connection: read it, answer a throttle or relay it with
/// `connection: close` and copy the answer back. The request counts as in flight from the
/// moment it has been read until its answer has been written.
fn serve(
    client: TcpStream,
    target: std::net::SocketAddr,
    every: usize,
    delay: std::time::Duration,
    counters: &Counters,
    behaviour: &AwsBehaviour,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(client.try_clone()?);
    let Some((head, body)) = read_request(&mut reader)? else {
        return Ok(());
    };
    let n = counters.now_in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    counters.most_in_flight.fetch_max(n, Ordering::SeqCst);
    let held = Held(&counters.now_in_flight, std::cell::Cell::new(true));
    answer(
        client, &head, &body, target, every, delay, counters, behaviour, &held,
    )
}

/// A request counted in flight until its answer starts to go out: once the client has the
/// answer it may send its next request before this thread runs again, and that one must not
/// be counted beside it.
struct Held<'c>(&'c AtomicUsize, std::cell::Cell<bool>);

impl Held<'_> {
    fn release(&self) {
        if self.1.replace(false) {
            self.0.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.release();
    }
}

/// The request's head (without its `connection` header) and body; `None` when the client
/// closed the connection without sending one.
fn read_request(reader: &mut impl BufRead) -> std::io::Result<Option<(String, Vec<u8>)>> {
    let mut head = String::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        if line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        if lower.starts_with("connection:") {
            continue;
        }
        head.push_str(&line);
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    Ok(Some((head, body)))
}

#[allow(clippy::too_many_arguments)]
fn answer(
    mut client: TcpStream,
    head: &str,
    body: &[u8],
    target: std::net::SocketAddr,
    every: usize,
    delay: std::time::Duration,
    counters: &Counters,
    behaviour: &AwsBehaviour,
    held: &Held<'_>,
) -> std::io::Result<()> {
    if let Some(a) = behaviour.answer(head, body) {
        held.release();
        client.write_all(a.to_http().as_bytes())?;
        return Ok(());
    }
    let n = counters.seen.load(Ordering::SeqCst);
    let throttled_next = every > 0 && n % every == every - 1;
    if !throttled_next {
        if let Some((a, fetched)) = behaviour
            .list_buckets(head, target)
            .or_else(|| behaviour.member_trails(head, body, target))
        {
            counters.behind.fetch_add(fetched, Ordering::SeqCst);
            counters.seen.fetch_add(1, Ordering::SeqCst);
            counters.relayed.fetch_add(1, Ordering::SeqCst);
            held.release();
            client.write_all(a.to_http().as_bytes())?;
            return Ok(());
        }
    }
    let n = counters.seen.fetch_add(1, Ordering::SeqCst);
    if every > 0 && n % every == every - 1 {
        counters.injected.fetch_add(1, Ordering::SeqCst);
        held.release();
        client.write_all(throttle(head, n / every).as_bytes())?;
        return Ok(());
    }
    counters.relayed.fetch_add(1, Ordering::SeqCst);
    std::thread::sleep(delay);
    let mut upstream = TcpStream::connect(target)?;
    upstream.write_all(behaviour.route(head).as_bytes())?;
    upstream.write_all(b"connection: close\r\n\r\n")?;
    upstream.write_all(body)?;
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer)?;
    let answer = behaviour.reshape(head, answer);
    behaviour.observe(head, body, &answer);
    std::thread::sleep(delay);
    held.release();
    client.write_all(&answer)?;
    Ok(())
}
