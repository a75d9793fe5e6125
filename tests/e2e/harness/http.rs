//! Requests made by a client other than the browser: what a crawler, a CDN or
//! `curl` gets from the server.

/// A GET on loopback by an HTTP/1.1 client other than the browser: the status and
/// the headers (names in lower case).
pub async fn http_get(
    origin: &str,
    path: &str,
    accept_encoding: &str,
) -> (u16, Vec<(String, String)>) {
    let (status, headers, _) = http_request(origin, path, accept_encoding).await;
    (status, headers)
}

/// The status and the (uncompressed) body of a GET, as a crawler gets it.
pub async fn http_text(origin: &str, path: &str) -> (u16, String) {
    let (status, _, body) = http_request(origin, path, "identity").await;
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// The status, the headers and the (uncompressed) body of a GET, as a crawler gets
/// them: no redirect followed.
pub async fn http_answer(origin: &str, path: &str) -> (u16, Vec<(String, String)>, String) {
    let (status, headers, body) = http_request(origin, path, "identity").await;
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// Sends a GET with hyper's client and returns the status, the headers (`http`
/// keeps names in lower case) and the body as sent: the client follows no redirect
/// and decodes no `content-encoding`.
async fn http_request(
    origin: &str,
    path: &str,
    accept_encoding: &str,
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    use http_body_util::BodyExt;
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;
    let request = http::Request::get(format!("{origin}{path}"))
        .header(http::header::ACCEPT_ENCODING, accept_encoding)
        .body(String::new())
        .expect("a GET request");
    let response = Client::builder(TokioExecutor::new())
        .build_http()
        .request(request)
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_string(), value)
        })
        .collect();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: reading the body: {e}"))
        .to_bytes();
    (status, headers, body.to_vec())
}

/// The value of a header, if present.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}
