//! The fake over real HTTP: state transitions, pagination, faults, sessions and MCP. Every
//! test starts its own fake on a free port and has a time limit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod catalog;
mod faults;
mod session;

use std::future::Future;
use std::time::Duration;

use fake_composio::{start, FakeHandle, FakeOptions};
use serde_json::{json, Value};

/// Runs a test body with a time limit, so a hang fails instead of stalling the suite.
pub async fn within<F: Future<Output = ()>>(body: F) {
    tokio::time::timeout(Duration::from_secs(20), body)
        .await
        .expect("the test took longer than 20 s");
}

pub struct Api {
    pub fake: FakeHandle,
    pub http: reqwest::Client,
}

pub const CALLBACK: &str = "http://app.example/cb?state=abc";

impl Api {
    pub async fn start() -> Self {
        let fake = start(FakeOptions {
            timeout_hold: Duration::from_secs(2),
            ..FakeOptions::default()
        })
        .await
        .unwrap();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self { fake, http }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.fake.base_url())
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> (u16, Value) {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    fn keyed(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request.header("x-api-key", self.fake.api_key())
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.send(self.keyed(self.http.get(self.url(path)))).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(self.keyed(self.http.post(self.url(path)).json(&body)))
            .await
    }

    pub async fn delete(&self, path: &str) -> (u16, Value) {
        self.send(self.keyed(self.http.delete(self.url(path))))
            .await
    }

    /// A connect link for the seeded managed config of `toolkit`: `(account id, link)`.
    pub async fn link(&self, toolkit: &str, user: &str) -> (String, Value) {
        let config = self.fake.auth_config_id(toolkit, true).unwrap();
        let (status, link) = self
            .post(
                "/api/v3.1/connected_accounts/link",
                json!({"auth_config_id": config, "user_id": user, "callback_url": CALLBACK}),
            )
            .await;
        assert_eq!(status, 200, "{link}");
        (
            link["connected_account_id"].as_str().unwrap().to_owned(),
            link,
        )
    }

    /// Answers a link's consent page; returns the redirect's `Location`.
    pub async fn decide(&self, link: &Value, decision: &str) -> String {
        let response = self
            .http
            .post(link["redirect_url"].as_str().unwrap())
            .form(&[("decision", decision)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 303);
        response.headers()["location"].to_str().unwrap().to_owned()
    }

    /// An ACTIVE account of `user` for `toolkit`, through the consent page.
    pub async fn connect(&self, toolkit: &str, user: &str) -> String {
        let (id, link) = self.link(toolkit, user).await;
        self.decide(&link, "allow").await;
        id
    }
}

/// The error envelope's slug, after checking the envelope's shape.
pub fn slug(body: &Value) -> &str {
    let error = &body["error"];
    for key in ["message", "code", "slug", "status"] {
        assert!(!error[key].is_null(), "no {key} in {body}");
    }
    error["slug"].as_str().unwrap()
}
