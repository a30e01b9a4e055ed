//! Links, the consent page, and the connected-account lifecycle.

use fake_composio::AccountStatus;
use serde_json::json;

use crate::{slug, within, Api, CALLBACK};

#[tokio::test]
async fn a_link_makes_an_initiated_account_that_allow_makes_active() {
    within(async {
        let api = Api::start().await;
        let (id, link) = api.link("notion", "u1").await;
        let consent = link["redirect_url"].as_str().unwrap();
        assert!(consent.starts_with(&format!("{}/connect/lt_", api.fake.base_url())));
        let (_, account) = api.get(&format!("/api/v3.1/connected_accounts/{id}")).await;
        assert_eq!(account["status"], "INITIATED");
        assert_eq!(account["state"]["val"]["redirectUrl"], consent);

        let page = api.http.get(consent).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Notion") && page.contains(">Allow</button>"));
        let location = api.decide(&link, "allow").await;
        assert_eq!(location, format!("{CALLBACK}&status=success&connected_account_id={id}"));

        let (status, account) = api.get(&format!("/api/v3.1/connected_accounts/{id}")).await;
        assert_eq!(status, 200);
        assert_eq!(account["status"], "ACTIVE");
        assert_eq!(account["state"], json!({"authScheme": "OAUTH2", "val": {"status": "ACTIVE", "access_token": "fake-access-token"}}));
        assert_eq!(account["params"], json!({}));
        assert_eq!(account["toolkit"], json!({"slug": "notion"}));
        assert!(account.get("auth_config_id").is_none());
    })
    .await;
}

#[tokio::test]
async fn deny_fails_the_account_and_a_used_link_cannot_be_answered_again() {
    within(async {
        let api = Api::start().await;
        let (id, link) = api.link("github", "u1").await;
        let location = api.decide(&link, "deny").await;
        assert_eq!(
            location,
            format!("{CALLBACK}&status=failed&connected_account_id={id}")
        );
        assert_eq!(api.fake.account(&id).unwrap().status, AccountStatus::Failed);
        let again = api
            .http
            .post(link["redirect_url"].as_str().unwrap())
            .form(&[("decision", "allow")])
            .send()
            .await
            .unwrap();
        assert_eq!(again.status().as_u16(), 409);
    })
    .await;
}

#[tokio::test]
async fn a_link_for_an_unknown_or_disabled_auth_config_is_refused() {
    within(async {
        let api = Api::start().await;
        let link = |config: &str| json!({"auth_config_id": config, "user_id": "u1"});
        let (status, body) = api
            .post("/api/v3.1/connected_accounts/link", link("ac_nope"))
            .await;
        assert_eq!((status, slug(&body)), (404, "AuthConfig_NotFound"));
        let linear = api.fake.auth_config_id("linear", false).unwrap();
        let (status, body) = api
            .post("/api/v3.1/connected_accounts/link", link(&linear))
            .await;
        assert_eq!((status, slug(&body)), (400, "AuthConfig_Disabled"));
        let (status, _) = api
            .post(
                "/api/v3.1/connected_accounts/link",
                json!({"user_id": "u1"}),
            )
            .await;
        assert_eq!(status, 400);
    })
    .await;
}

#[tokio::test]
async fn a_revoke_of_an_already_revoked_account_is_a_409() {
    within(async {
        let api = Api::start().await;
        let id = api.connect("notion", "u1").await;
        let path = format!("/api/v3.1/connected_accounts/{id}/revoke");
        let (status, body) = api.post(&path, json!(null)).await;
        assert_eq!(status, 200);
        assert_eq!(
            body["connected_account"],
            json!({"id": id, "status": "REVOKED"})
        );
        assert!(!body["revoked_tokens"].as_array().unwrap().is_empty());
        let (status, body) = api.post(&path, json!(null)).await;
        assert_eq!(
            (status, slug(&body)),
            (409, "ConnectedAccount_NotRevokable")
        );
    })
    .await;
}

#[tokio::test]
async fn a_revoke_of_an_account_that_never_became_active_is_a_409() {
    within(async {
        let api = Api::start().await;
        let (id, _) = api.link("notion", "u1").await;
        let (status, _) = api
            .post(
                &format!("/api/v3.1/connected_accounts/{id}/revoke"),
                json!(null),
            )
            .await;
        assert_eq!(status, 409);
    })
    .await;
}

#[tokio::test]
async fn a_revoke_for_a_toolkit_that_cannot_revoke_is_a_400_and_unknown_is_a_404() {
    within(async {
        let api = Api::start().await;
        let id = api.connect("slack", "u1").await;
        let (status, body) = api
            .post(
                &format!("/api/v3.1/connected_accounts/{id}/revoke"),
                json!(null),
            )
            .await;
        assert_eq!(
            (status, slug(&body)),
            (400, "ConnectedAccount_RevocationNotSupported")
        );
        let (status, _) = api
            .post("/api/v3.1/connected_accounts/ca_nope/revoke", json!(null))
            .await;
        assert_eq!(status, 404);
    })
    .await;
}

#[tokio::test]
async fn a_deleted_account_is_neither_listed_nor_retrievable_and_a_second_delete_is_a_404() {
    within(async {
        let api = Api::start().await;
        let id = api.connect("notion", "u1").await;
        let path = format!("/api/v3.1/connected_accounts/{id}");
        assert_eq!(api.delete(&path).await, (200, json!({"success": true})));
        assert_eq!(api.get(&path).await.0, 404);
        let (_, list) = api.get("/api/v3.1/connected_accounts?user_ids=u1").await;
        assert_eq!(list["items"], json!([]));
        let (status, body) = api.delete(&path).await;
        assert_eq!((status, slug(&body)), (404, "ConnectedAccount_NotFound"));
        let stored = api.fake.account(&id).unwrap();
        assert!(stored.deleted);
        assert_eq!(
            stored.status,
            AccountStatus::Active,
            "a plain delete does not revoke"
        );
    })
    .await;
}

#[tokio::test]
async fn a_delete_with_revoke_on_delete_revokes_and_names_a_job() {
    within(async {
        let api = Api::start().await;
        let id = api.connect("notion", "u1").await;
        let (status, body) = api
            .delete(&format!(
                "/api/v3.1/connected_accounts/{id}?revoke_on_delete=true"
            ))
            .await;
        assert_eq!(status, 200);
        assert!(body["revoke_job_id"].as_str().unwrap().starts_with("job_"));
        assert_eq!(
            api.fake.account(&id).unwrap().status,
            AccountStatus::Revoked
        );
    })
    .await;
}

#[tokio::test]
async fn list_filters_accept_comma_joined_and_repeated_values() {
    within(async {
        let api = Api::start().await;
        let a = api.connect("notion", "u1").await;
        let b = api.connect("gmail", "u2").await;
        let (c, _) = api.link("github", "u3").await;
        let ids = |body: &serde_json::Value| -> Vec<String> {
            let mut ids: Vec<String> = body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap().to_owned())
                .collect();
            ids.sort();
            ids
        };
        let mut ab = vec![a.clone(), b.clone()];
        ab.sort();
        let (_, joined) = api
            .get("/api/v3.1/connected_accounts?user_ids=u1%2Cu2%2Cu3&statuses=ACTIVE")
            .await;
        assert_eq!(ids(&joined), ab);
        let (_, repeated) = api
            .get("/api/v3.1/connected_accounts?user_ids=u1&user_ids=u2")
            .await;
        assert_eq!(ids(&repeated), ab);
        let (_, by_toolkit) = api
            .get("/api/v3.1/connected_accounts?toolkit_slugs=github")
            .await;
        assert_eq!(ids(&by_toolkit), vec![c.clone()]);
        let (_, by_id) = api
            .get(&format!(
                "/api/v3.1/connected_accounts?connected_account_ids={a}"
            ))
            .await;
        assert_eq!(ids(&by_id), vec![a]);
        let (status, body) = api
            .get("/api/v3.1/connected_accounts?statuses=active")
            .await;
        assert_eq!((status, slug(&body)), (400, "Request_InvalidQuery"));
    })
    .await;
}

#[tokio::test]
async fn connected_accounts_page_by_cursor_until_next_cursor_is_null() {
    within(async {
        let api = Api::start().await;
        let config = api.fake.auth_config_id("gmail", true).unwrap();
        let mut seeded = Vec::new();
        for _ in 0..5 {
            seeded.push(
                api.fake
                    .seed_account(&config, "u1", AccountStatus::Active)
                    .unwrap(),
            );
        }
        let mut seen = Vec::new();
        let mut path = "/api/v3.1/connected_accounts?limit=2&order_direction=asc".to_owned();
        let mut pages = 0;
        loop {
            let (status, page) = api.get(&path).await;
            assert_eq!(status, 200);
            pages += 1;
            assert_eq!(page["total_items"], 5);
            assert_eq!(page["total_pages"], 3);
            assert_eq!(page["current_page"], pages);
            seen.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["id"].as_str().unwrap().to_owned()),
            );
            match page["next_cursor"].as_str() {
                Some(cursor) => {
                    path = format!(
                        "/api/v3.1/connected_accounts?limit=2&order_direction=asc&cursor={cursor}"
                    )
                }
                None => break,
            }
        }
        assert_eq!(seen, seeded);
        assert_eq!(api.fake.calls(fake_composio::Operation::ListAccounts), 3);
        let (status, _) = api.get("/api/v3.1/connected_accounts?cursor=garbage").await;
        assert_eq!(status, 400);
    })
    .await;
}

#[tokio::test]
async fn a_missing_or_wrong_api_key_is_a_401_with_the_envelope() {
    within(async {
        let api = Api::start().await;
        let url = api.url("/api/v3.1/toolkits");
        for request in [
            api.http.get(&url),
            api.http.get(&url).header("x-api-key", "wrong"),
        ] {
            let response = request.send().await.unwrap();
            assert_eq!(response.status().as_u16(), 401);
            assert!(response.headers().contains_key("x-request-id"));
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(body["error"]["status"], 401);
            slug(&body);
        }
        assert_eq!(api.fake.calls(fake_composio::Operation::Toolkits), 0);
    })
    .await;
}

#[tokio::test]
async fn setting_an_accounts_status_gives_it_the_matching_state() {
    within(async {
        let api = Api::start().await;
        let id = api.connect("notion", "u1").await;
        assert!(api.fake.set_account_status(&id, AccountStatus::Expired));
        let (_, account) = api.get(&format!("/api/v3.1/connected_accounts/{id}")).await;
        assert_eq!(account["status"], "EXPIRED");
        assert_eq!(account["state"]["val"], json!({"status": "EXPIRED"}));
        assert!(!api
            .fake
            .set_account_status("ca_nope", AccountStatus::Active));
    })
    .await;
}
