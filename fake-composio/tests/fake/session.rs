//! Tool-router sessions and their MCP endpoint.

use fake_composio::{AccountStatus, Operation};
use serde_json::{json, Value};

use crate::{slug, within, Api};

const SESSION: &str = "/api/v3.1/tool_router/session";

async fn session(api: &Api, user: &str, toolkit: &str, account: &str) -> (u16, Value) {
    api.post(
        SESSION,
        json!({"user_id": user, "toolkits": {"enable": [toolkit]}, "connected_accounts": {toolkit: [account]}}),
    )
    .await
}

async fn rpc(api: &Api, url: &str, key: Option<&str>, body: Value) -> (u16, Value) {
    let mut request = api
        .http
        .post(url)
        .header("accept", "application/json, text/event-stream")
        .json(&body);
    if let Some(key) = key {
        request = request.header("x-api-key", key);
    }
    api.send(request).await
}

#[tokio::test]
async fn a_session_with_an_active_account_of_the_user_answers_the_full_shape() {
    within(async {
        let api = Api::start().await;
        let id = api.connect("notion", "u1").await;
        let (status, body) = session(&api, "u1", "notion", &id).await;
        assert_eq!(status, 200, "{body}");
        let session_id = body["session_id"].as_str().unwrap();
        assert_eq!(
            body["mcp"],
            json!({"type": "http", "url": format!("{}/tool_router/{session_id}/mcp", api.fake.base_url())})
        );
        assert_eq!(body["config_version"], 1);
        assert_eq!(
            body["config"],
            json!({"user_id": "u1", "execute": {}, "preload": {"tools": []}, "search": {},
                   "toolkits": {"enabled": ["notion"]}, "connected_accounts": {"notion": [id]}})
        );
        assert!(body["tool_router_tools"].as_array().unwrap().contains(&json!("NOTION_SEARCH")));
        assert_eq!(api.fake.session_count(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_session_refuses_an_inactive_deleted_foreign_or_mislabelled_account() {
    within(async {
        let api = Api::start().await;
        let id = api.connect("notion", "u1").await;
        assert_eq!(
            session(&api, "u2", "notion", &id).await.0,
            400,
            "another user's"
        );
        let (status, body) = session(&api, "u1", "github", &id).await;
        assert_eq!(
            (status, slug(&body)),
            (400, "ConnectedAccount_ToolkitMismatch")
        );
        let (status, _) = session(&api, "u1", "nope", &id).await;
        assert_eq!(status, 400, "unknown toolkit");
        api.fake.set_account_status(&id, AccountStatus::Expired);
        let (status, body) = session(&api, "u1", "notion", &id).await;
        assert_eq!((status, slug(&body)), (400, "ConnectedAccount_NotActive"));
        api.fake.set_account_status(&id, AccountStatus::Active);
        api.delete(&format!("/api/v3.1/connected_accounts/{id}"))
            .await;
        assert_eq!(session(&api, "u1", "notion", &id).await.0, 404, "deleted");
        assert_eq!(api.fake.session_count(), 0);
    })
    .await;
}

#[tokio::test]
async fn the_mcp_endpoint_lists_the_tools_of_the_sessions_toolkits() {
    within(async {
        let api = Api::start().await;
        let id = api.connect("notion", "u1").await;
        let (_, body) = session(&api, "u1", "notion", &id).await;
        let url = body["mcp"]["url"].as_str().unwrap();
        let key = Some(api.fake.api_key());
        let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}});
        let (status, answer) = rpc(&api, url, key, init).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["result"]["serverInfo"]["name"], "fake-composio");
        let (_, answer) = rpc(&api, url, key, json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"})).await;
        let tools: Vec<&str> = answer["result"]["tools"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(tools, ["NOTION_SEARCH", "NOTION_CREATE_PAGE", "NOTION_FETCH_DATA"]);
        let call = json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "NOTION_SEARCH", "arguments": {"query": "q"}}});
        let (_, answer) = rpc(&api, url, key, call).await;
        assert_eq!(answer["result"]["isError"], false);
        assert!(answer["result"]["content"][0]["text"].as_str().unwrap().contains("NOTION_SEARCH"));
        assert_eq!(api.fake.calls(Operation::Mcp), 3);
    })
    .await;
}

#[tokio::test]
async fn the_mcp_endpoint_needs_the_key_and_a_known_session() {
    within(async {
        let api = Api::start().await;
        let id = api.connect("notion", "u1").await;
        let (_, body) = session(&api, "u1", "notion", &id).await;
        let url = body["mcp"]["url"].as_str().unwrap();
        let list = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"});
        let (status, body) = rpc(&api, url, None, list.clone()).await;
        assert_eq!(status, 401);
        slug(&body);
        let unknown = api.url("/tool_router/trs_nope/mcp");
        let (status, body) = rpc(&api, &unknown, Some(api.fake.api_key()), list).await;
        assert_eq!((status, slug(&body)), (404, "ToolRouterSession_NotFound"));
    })
    .await;
}
