//! Faults per operation, counters, and the same controls over `/_fake`.

use std::time::Duration;

use fake_composio::{Fault, FaultKind, Operation};
use serde_json::json;

use crate::{slug, within, Api};

#[tokio::test]
async fn a_status_fault_answers_that_status_with_the_envelope_until_cleared() {
    within(async {
        let api = Api::start().await;
        api.fake.set_fault(
            Operation::AuthConfigs,
            Fault::sticky(FaultKind::Status(503)),
        );
        for _ in 0..2 {
            let (status, body) = api.get("/api/v3.1/auth_configs").await;
            assert_eq!(status, 503);
            assert_eq!(body["error"]["status"], 503);
            slug(&body);
        }
        assert_eq!(
            api.get("/api/v3.1/toolkits").await.0,
            200,
            "other operations are unaffected"
        );
        api.fake.clear_faults();
        assert_eq!(api.get("/api/v3.1/auth_configs").await.0, 200);
        assert_eq!(api.fake.calls(Operation::AuthConfigs), 3);
    })
    .await;
}

#[tokio::test]
async fn a_once_fault_hits_only_the_next_request() {
    within(async {
        let api = Api::start().await;
        api.fake
            .set_fault(Operation::Toolkits, Fault::once(FaultKind::NotFound));
        assert_eq!(api.get("/api/v3.1/toolkits").await.0, 404);
        assert_eq!(api.get("/api/v3.1/toolkits").await.0, 200);
    })
    .await;
}

#[tokio::test]
async fn a_timeout_fault_outlasts_the_clients_timeout() {
    within(async {
        let api = Api::start().await;
        api.fake.set_timeout_hold(Duration::from_secs(5));
        api.fake
            .set_fault(Operation::ListAccounts, Fault::once(FaultKind::Timeout));
        let error = api
            .http
            .get(api.url("/api/v3.1/connected_accounts"))
            .header("x-api-key", api.fake.api_key())
            .timeout(Duration::from_millis(200))
            .send()
            .await
            .unwrap_err();
        assert!(error.is_timeout());
        assert_eq!(api.get("/api/v3.1/connected_accounts").await.0, 200);
    })
    .await;
}

#[tokio::test]
async fn a_malformed_fault_answers_200_with_a_body_that_is_not_json() {
    within(async {
        let api = Api::start().await;
        api.fake
            .set_fault(Operation::Session, Fault::sticky(FaultKind::Malformed));
        let (status, body) = api
            .post("/api/v3.1/tool_router/session", json!({"user_id": "u1"}))
            .await;
        assert_eq!(status, 200);
        assert!(body.is_string(), "not JSON: {body}");
    })
    .await;
}

#[tokio::test]
async fn faults_counts_and_account_status_can_be_driven_over_http() {
    within(async {
        let api = Api::start().await;
        let id = api.connect("notion", "u1").await;
        let control = |path: &str| api.url(&format!("/_fake{path}"));
        let response = api
            .http
            .post(control("/faults"))
            .json(&json!({"operation": "get_account", "kind": "status:429", "once": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 204);
        let path = format!("/api/v3.1/connected_accounts/{id}");
        assert_eq!(api.get(&path).await.0, 429);
        assert_eq!(api.get(&path).await.0, 200);

        let bad = api
            .http
            .post(control("/faults"))
            .json(&json!({"operation": "nope", "kind": "timeout"}))
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status().as_u16(), 400);
        api.http
            .post(control("/faults"))
            .json(&json!({"operation": "revoke", "kind": "status:500"}))
            .send()
            .await
            .unwrap();
        api.http.delete(control("/faults")).send().await.unwrap();
        assert_eq!(
            api.post(&format!("{path}/revoke"), json!(null)).await.0,
            200
        );

        let status = api
            .http
            .post(control(&format!("/accounts/{id}/status")))
            .json(&json!({"status": "INACTIVE"}))
            .send()
            .await
            .unwrap();
        assert_eq!(status.status().as_u16(), 204);
        assert_eq!(api.get(&path).await.1["status"], "INACTIVE");

        let calls: serde_json::Value = api
            .http
            .get(control("/calls"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(calls["get_account"], 3);
        assert_eq!(calls["link"], 1);
        assert_eq!(calls["consent"], 1);
        assert_eq!(calls["revoke"], 1);
        let accounts: serde_json::Value = api
            .http
            .get(control("/accounts"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(accounts[0]["id"], id.as_str());
    })
    .await;
}

#[tokio::test]
async fn dropping_the_handle_stops_the_server_and_releases_held_requests() {
    within(async {
        let api = Api::start().await;
        api.fake.set_timeout_hold(Duration::from_secs(60));
        api.fake
            .set_fault(Operation::Toolkits, Fault::sticky(FaultKind::Timeout));
        let held = api
            .http
            .get(api.url("/api/v3.1/toolkits"))
            .header("x-api-key", api.fake.api_key())
            .send();
        let url = api.url("/api/v3.1/toolkits");
        let http = api.http.clone();
        let drop_soon = async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            drop(api);
        };
        let (answer, ()) = tokio::join!(held, drop_soon);
        // The held request is answered (or cut) at once, not after 60 s.
        drop(answer);
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(
            http.get(url).send().await.is_err(),
            "the port no longer answers"
        );
    })
    .await;
}
