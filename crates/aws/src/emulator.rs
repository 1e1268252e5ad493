//! Compatibility with the moto emulator, used only against a loopback endpoint or when
//! replaying traffic recorded there; never against AWS.
//!
//! moto answers GetBucketVersioning with a `<GetBucketVersioningResponse>` root where S3 sends
//! `<VersioningConfiguration>`, which the SDK rightly refuses. The shim renames that root in
//! the response body; every other response passes through untouched.

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;

const MOTO_ROOT: &str = "GetBucketVersioningResponse";
const S3_ROOT: &str = "VersioningConfiguration";

/// Rename moto's GetBucketVersioning root element, if this body is one.
pub fn fix_body(body: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(body).ok()?;
    if !text.contains(&format!("<{MOTO_ROOT}")) {
        return None;
    }
    Some(
        text.replace(&format!("<{MOTO_ROOT}"), &format!("<{S3_ROOT}"))
            .replace(&format!("</{MOTO_ROOT}>"), &format!("</{S3_ROOT}>"))
            .into_bytes(),
    )
}

#[derive(Debug, Clone)]
pub struct EmulatorCompat(pub SharedHttpClient);

#[derive(Debug, Clone)]
struct CompatConnector(SharedHttpConnector);

impl HttpConnector for CompatConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let is_versioning = request.uri().contains("versioning");
        let inner = self.0.call(request);
        HttpConnectorFuture::new(async move {
            let mut response = inner.await?;
            if !is_versioning {
                return Ok(response);
            }
            let body = std::mem::replace(response.body_mut(), SdkBody::taken());
            let bytes = ByteStream::new(body)
                .collect()
                .await
                .map_err(|e| ConnectorError::io(e.into()))?
                .into_bytes();
            if let Some(fixed) = fix_body(&bytes) {
                response
                    .headers_mut()
                    .insert("content-length", fixed.len().to_string());
                *response.body_mut() = SdkBody::from(fixed);
            } else {
                *response.body_mut() = SdkBody::from(bytes);
            }
            Ok(response)
        })
    }
}

impl HttpClient for EmulatorCompat {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(CompatConnector(self.0.http_connector(settings, components)))
    }
}

#[cfg(test)]
mod tests {
    use super::fix_body;

    #[test]
    fn renames_only_the_moto_root() {
        let moto = br#"<?xml version="1.0"?><GetBucketVersioningResponse xmlns="x"><Status>Enabled</Status></GetBucketVersioningResponse>"#;
        let fixed = String::from_utf8(fix_body(moto).unwrap()).unwrap();
        assert_eq!(
            fixed,
            r#"<?xml version="1.0"?><VersioningConfiguration xmlns="x"><Status>Enabled</Status></VersioningConfiguration>"#
        );
        assert!(fix_body(b"<VersioningConfiguration/>").is_none());
    }
}
