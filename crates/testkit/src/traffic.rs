//! Edit recorded traffic (the SDK's dvr JSON) to inject faults into a replay.

use serde_json::Value;

/// Connection ids whose request URI, headers or body contains `needle`.
pub fn exchanges_matching(traffic: &Value, needle: &str) -> Vec<u64> {
    let mut ids: Vec<u64> = events(traffic)
        .iter()
        .filter_map(|e| {
            let owned;
            let text = if let Some(req) = e.pointer("/action/Request/request") {
                // URI and headers (the JSON protocols name the operation in X-Amz-Target).
                owned = format!(
                    "{} {}",
                    req.get("uri")?.as_str()?,
                    req.get("headers")
                        .map(|h| h.to_string())
                        .unwrap_or_default()
                );
                owned.as_str()
            } else {
                let data = e.pointer("/action/Data")?;
                if data.get("direction")?.as_str()? != "Request" {
                    return None;
                }
                data.pointer("/data/Utf8")?.as_str()?
            };
            text.contains(needle)
                .then(|| e.get("connection_id")?.as_u64())
                .flatten()
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn events(traffic: &Value) -> Vec<Value> {
    traffic
        .get("events")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// The access key the first AssumeRole exchange whose request contains `needle` handed out.
pub fn assumed_key(traffic: &Value, needle: &str) -> Option<String> {
    let id = *exchanges_matching(traffic, needle).first()?;
    events(traffic).iter().find_map(|e| {
        if e.get("connection_id").and_then(Value::as_u64) != Some(id)
            || e.pointer("/action/Data/direction").and_then(Value::as_str) != Some("Response")
        {
            return None;
        }
        let body = e.pointer("/action/Data/data/Utf8")?.as_str()?;
        let key = body
            .split("<AccessKeyId>")
            .nth(1)?
            .split("</AccessKeyId>")
            .next()?;
        Some(key.to_string())
    })
}

/// Remove every exchange whose request contains `needle` (the requests a session would have
/// made, once a fault stops it from being opened: a replay answers in recorded order, so they
/// must not wait there). Returns how many exchanges were removed.
pub fn drop_exchanges(traffic: &mut Value, needle: &str) -> usize {
    let ids = exchanges_matching(traffic, needle);
    if let Some(events) = traffic.get_mut("events").and_then(Value::as_array_mut) {
        events.retain(|e| {
            e.get("connection_id")
                .and_then(Value::as_u64)
                .is_none_or(|id| !ids.contains(&id))
        });
        // The replay numbers exchanges in order from 0: close the gaps.
        let mut kept: Vec<u64> = events
            .iter()
            .filter_map(|e| e.get("connection_id").and_then(Value::as_u64))
            .collect();
        kept.sort_unstable();
        kept.dedup();
        for e in events.iter_mut() {
            if let Some(old) = e.get("connection_id").and_then(Value::as_u64) {
                if let Ok(new) = kept.binary_search(&old) {
                    e["connection_id"] = (new as u64).into();
                }
            }
        }
    }
    ids.len()
}

/// Replace the response of the exchange `id` (a connection id) with `status` and `body`.
pub fn replace_response_of(traffic: &mut Value, id: u64, status: u16, body: &str) {
    let Some(events) = traffic.get_mut("events").and_then(Value::as_array_mut) else {
        return;
    };
    let mut first = true;
    events.retain_mut(|e| {
        if e.get("connection_id").and_then(Value::as_u64) != Some(id) {
            return true;
        }
        if let Some(ok) = e.pointer_mut("/action/Response/response/Ok") {
            ok["status"] = status.into();
            ok["headers"]["content-length"] = serde_json::json!([body.len().to_string()]);
        }
        if e.pointer("/action/Data/direction").and_then(Value::as_str) == Some("Response") {
            if !first {
                return false;
            }
            first = false;
            e["action"]["Data"]["data"] = serde_json::json!({ "Utf8": body });
        }
        true
    });
}

/// Replace the response of every exchange whose request contains `needle` with `status`
/// and `body` (a recorded body may span several data frames: the first carries the new
/// body, the others are dropped). Returns how many exchanges were changed.
pub fn replace_response(
    traffic: &mut Value,
    needle: &str,
    status: u16,
    content_type: &str,
    body: &str,
) -> usize {
    let ids = exchanges_matching(traffic, needle);
    let Some(events) = traffic.get_mut("events").and_then(Value::as_array_mut) else {
        return 0;
    };
    let mut body_written: Vec<u64> = Vec::new();
    events.retain_mut(|e| {
        let Some(id) = e.get("connection_id").and_then(Value::as_u64) else {
            return true;
        };
        if !ids.contains(&id) {
            return true;
        }
        if let Some(ok) = e.pointer_mut("/action/Response/response/Ok") {
            ok["status"] = status.into();
            ok["headers"]["content-length"] = serde_json::json!([body.len().to_string()]);
            ok["headers"]["content-type"] = serde_json::json!([content_type]);
        }
        let is_response_data = e
            .pointer("/action/Data/direction")
            .and_then(Value::as_str)
            .map(|d| d == "Response")
            .unwrap_or(false);
        if is_response_data {
            if body_written.contains(&id) {
                return false;
            }
            body_written.push(id);
            e["action"]["Data"]["data"] = serde_json::json!({ "Utf8": body });
        }
        true
    });
    ids.len()
}

/// An STS (query protocol) error body.
pub fn sts_error(code: &str, message: &str) -> String {
    format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>\
         <Code>{code}</Code><Message>{message}</Message></Error><RequestId>fault-injection</RequestId></ErrorResponse>"
    )
}

/// An S3 (REST-XML) error body.
pub fn s3_error(code: &str, message: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>fault-injection</RequestId></Error>")
}

/// A JSON-protocol error body (Organizations, SSO Admin, CloudTrail…).
pub fn json_error(code: &str, message: &str) -> String {
    serde_json::json!({ "__type": code, "Message": message }).to_string()
}
