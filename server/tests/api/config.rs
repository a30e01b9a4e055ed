//! `GET /api/config`: what the web app is told about optional integrations.

use crate::helpers::TestApp;
use serde_json::json;

#[tokio::test]
async fn without_a_composio_key_the_web_app_is_told_connected_apps_are_off() {
    let app = TestApp::with_config(|c| c.composio_api_key = None).await;
    let body = app.anonymous().get("/api/config").await.expect(200);
    assert_eq!(body, json!({"feature_flags": {"composio_mcp_apps": false}}));
}

#[tokio::test]
async fn with_a_composio_key_connected_apps_are_on_and_the_key_is_not_in_the_answer() {
    let app = TestApp::with_config(|c| {
        c.composio_api_key = Some("ck_secret_project_key".parse().unwrap());
    })
    .await;
    let answer = app.anonymous().get("/api/config").await;
    assert!(!format!("{answer:?}").contains("ck_secret_project_key"));
    let body = answer.expect(200);
    assert_eq!(body, json!({"feature_flags": {"composio_mcp_apps": true}}));
}
