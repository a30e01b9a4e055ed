//! The API's own documentation: the OpenAPI document generated from `core`'s catalogue and a
//! self-contained page listing its operations (no script, no external assets).

use agentry_core::api::catalogue::openapi;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

/// The page's policy: its one inline stylesheet and nothing else.
const PAGE_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/// `GET /api/openapi.json`.
pub async fn openapi() -> Response {
    Json(openapi::document()).into_response()
}

/// `GET /api/docs`: every operation of the document, grouped by tag, rendered on the server.
pub async fn page() -> Response {
    let document = serde_json::to_value(openapi::document()).unwrap_or_default();
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, PAGE_CSP),
        ],
        render(&document),
    )
        .into_response()
}

/// The HTML of the page for `document`, an OpenAPI document as JSON.
pub fn render(document: &Value) -> String {
    let mut rows = Vec::new();
    if let Some(paths) = document["paths"].as_object() {
        for (path, item) in paths {
            for (method, operation) in item.as_object().into_iter().flatten() {
                rows.push(row(path, method, operation));
            }
        }
    }
    rows.sort();
    let title = escape(document["info"]["title"].as_str().unwrap_or("API"));
    let version = escape(document["info"]["version"].as_str().unwrap_or(""));
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body>\
         <h1>{title} <small>{version}</small></h1>\
         <p>The machine-readable document: <a href=\"/api/openapi.json\">/api/openapi.json</a>. \
         Errors answer <code>{{\"error\", \"code\", \"field\"?}}</code>.</p>\
         <table><thead><tr><th>Area</th><th>Method</th><th>Path</th><th>What it does</th>\
         <th>Credentials</th><th>Error codes</th></tr></thead><tbody>{}</tbody></table>\
         </body></html>",
        rows.into_iter().map(|(_, html)| html).collect::<String>()
    )
}

/// One operation's table row, keyed for sorting by tag, path and method.
fn row(path: &str, method: &str, operation: &Value) -> ((String, String, String), String) {
    let tag = operation["tags"][0].as_str().unwrap_or("").to_owned();
    let summary = operation["description"].as_str().unwrap_or("");
    let credentials = match operation["security"].as_array() {
        Some(list) => list
            .iter()
            .filter_map(|requirement| requirement.as_object()?.keys().next().cloned())
            .collect::<Vec<_>>(),
        None => Vec::new(),
    };
    let credentials = match credentials.is_empty() {
        true => "none".to_owned(),
        false => credentials.join(" or "),
    };
    let errors = operation["responses"]["default"]["description"]
        .as_str()
        .and_then(|text| text.split(": ").nth(1))
        .unwrap_or("")
        .trim_end_matches('.');
    let html = format!(
        "<tr><td>{}</td><td class=\"m\">{}</td><td><code>{}</code></td><td>{}</td><td>{}</td>\
         <td class=\"e\">{}</td></tr>",
        escape(&tag),
        escape(&method.to_uppercase()),
        escape(path),
        escape(summary),
        escape(&credentials),
        escape(errors),
    );
    ((tag, path.to_owned(), method.to_owned()), html)
}

/// Escapes text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1f2328}\
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:.4rem;\
text-align:left;vertical-align:top}td.m{font-weight:600}td.e{font-size:12px;color:#57606a}\
small{color:#57606a;font-weight:400}";
