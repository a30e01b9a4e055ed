//! The connect flow against the fake Composio over real HTTP: starting a connect, the hosted
//! consent page, the callback's checks (state, one-time nonce bound to the session, Composio's
//! own word on the account), the catalog and its cache, disconnecting, and failing closed on
//! every upstream fault. Spec cases 42-61 plus the issue's stricter rules.

use crate::helpers::{Client, LogCapture, TestApp};
use agentry_core::api::integrations::FAILED_LANDING;
use fake_composio::{AccountStatus, FakeHandle, FakeOptions, Fault, FaultKind, Operation};
use serde_json::{json, Value};
use std::time::Duration;

const INIT: &str = "/api/integrations/composio/connect/init";
const TOOLKITS: &str = "/api/integrations/composio/toolkits";
const CONNECTIONS: &str = "/api/integrations/composio/connections";

/// An app with the integration on, talking to a fresh fake (short timeouts, so a held request
/// fails in a second).
async fn integrated() -> (TestApp, FakeHandle) {
    let fake = fake_composio::start(FakeOptions {
        timeout_hold: Duration::from_secs(5),
        ..FakeOptions::default()
    })
    .await
    .unwrap();
    let (base, key) = (fake.base_url(), fake.api_key().to_owned());
    let app = TestApp::with_config(move |config| {
        config.composio_api_key = Some(key.into());
        config.composio_base_url = base;
        config.composio_timeout_ms = 1_000;
    })
    .await;
    (app, fake)
}

/// A browser that does not follow redirects, for the fake's pages.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// Starts connecting `slug` and answers the consent page's URL.
async fn begin(client: &Client, slug: &str) -> String {
    let body = client
        .post(INIT, json!({"toolkit_slug": slug}))
        .await
        .expect(200);
    body["redirect_url"].as_str().unwrap().to_owned()
}

/// Answers the consent page (`allow` or `deny`) and returns where it sends the browser: our
/// callback, as a path and query.
async fn consent(page: &str, decision: &str) -> String {
    let browser = browser();
    let shown = browser.get(page).send().await.unwrap();
    assert_eq!(shown.status().as_u16(), 200);
    let answered = browser
        .post(page)
        .form(&[("decision", decision)])
        .send()
        .await
        .unwrap();
    assert!(answered.status().is_redirection(), "{}", answered.status());
    let location = answered.headers()["location"].to_str().unwrap().to_owned();
    let path = location
        .strip_prefix("http://agentry.test")
        .unwrap_or_else(|| panic!("the callback goes to the public URL: {location}"));
    path.to_owned()
}

/// Where our callback sent the browser.
async fn land(client: &Client, callback: &str) -> String {
    let answer = client.get(callback).await;
    assert_eq!(answer.status.as_u16(), 302, "{}", answer.body);
    answer.headers["location"].to_str().unwrap().to_owned()
}

async fn connected_slugs(client: &Client) -> Vec<String> {
    client
        .get(CONNECTIONS)
        .await
        .expect(200)
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["toolkit_slug"].as_str().unwrap().to_owned())
        .collect()
}

/// Connects `slug` all the way; answers the callback path used.
async fn connect(client: &Client, slug: &str) -> String {
    let page = begin(client, slug).await;
    let callback = consent(&page, "allow").await;
    assert_eq!(
        land(client, &callback).await,
        format!("/settings/integrations?connected={slug}")
    );
    callback
}

/// The callback path with `key` set to `value` instead of what Composio sent.
fn with_param(callback: &str, key: &str, value: &str) -> String {
    let (path, query) = callback.split_once('?').unwrap();
    let mut pairs: Vec<(String, String)> = url_pairs(query)
        .into_iter()
        .filter(|(k, _)| k != key)
        .collect();
    pairs.push((key.to_owned(), value.to_owned()));
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{path}?{}", query.join("&"))
}

fn url_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn param(callback: &str, key: &str) -> String {
    let query = callback.split_once('?').unwrap().1;
    url_pairs(query)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .unwrap()
}

#[tokio::test]
async fn connecting_an_app_through_the_consent_page_records_one_active_connection_for_its_user() {
    let (app, fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let page = begin(&ann, " Notion ").await;
    assert!(page.starts_with(fake.public_url()), "{page}");
    let callback = consent(&page, "allow").await;
    assert_eq!(
        land(&ann, &callback).await,
        "/settings/integrations?connected=notion"
    );
    let listed = ann.get(CONNECTIONS).await.expect(200);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["toolkit_slug"], "notion");
    assert_eq!(listed[0]["status"], "active");
    let text = listed.to_string();
    let account = param(&callback, "connected_account_id");
    assert!(
        !text.contains(&account) && !text.contains("ac_"),
        "no Composio handle is sent: {text}"
    );
    // Composio knows the person by their user id, under the custom auth config (custom beats
    // managed).
    let stored = fake.account(&account).unwrap();
    assert_eq!(stored.user_id, ann.user_id().await);
    assert_eq!(
        Some(stored.auth_config_id),
        fake.auth_config_id("notion", false)
    );
}

#[tokio::test]
async fn a_callback_is_used_once_and_a_replay_writes_nothing() {
    let (app, _fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let callback = connect(&ann, "notion").await;
    assert_eq!(land(&ann, &callback).await, FAILED_LANDING);
    assert_eq!(connected_slugs(&ann).await, ["notion"]);
    let rows = app
        .sql_text(
            "SELECT CAST(COUNT(*) AS TEXT) FROM user_composio_connections",
            &[],
        )
        .await;
    assert_eq!(rows.as_deref(), Some("1"));
}

#[tokio::test]
async fn a_callback_opened_without_a_session_fails_and_the_persons_own_browser_can_still_finish() {
    let (app, _fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let page = begin(&ann, "notion").await;
    let callback = consent(&page, "allow").await;
    // Public: no cookie is not a 401, just the failure redirect.
    let anonymous = app.anonymous().get(&callback).await;
    assert_eq!(anonymous.status.as_u16(), 302);
    assert_eq!(anonymous.headers["location"], FAILED_LANDING);
    assert!(connected_slugs(&ann).await.is_empty());
    // Without a session it never reached the nonce, so it could not use it up.
    assert_eq!(
        land(&ann, &callback).await,
        "/settings/integrations?connected=notion"
    );
}

#[tokio::test]
async fn another_session_of_the_same_person_cannot_finish_the_flow() {
    let (app, _fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let elsewhere = app
        .login("ann@example.com", crate::helpers::PASSWORD)
        .await
        .unwrap();
    let page = begin(&ann, "notion").await;
    let callback = consent(&page, "allow").await;
    assert_eq!(land(&elsewhere, &callback).await, FAILED_LANDING);
    assert!(connected_slugs(&ann).await.is_empty());
    // The wrong session used the nonce up: the flow has to start again.
    assert_eq!(land(&ann, &callback).await, FAILED_LANDING);
}

#[tokio::test]
async fn someone_else_opening_a_persons_callback_is_refused() {
    let (app, _fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let bob = app.register("bob@example.com", "Bob").await;
    let page = begin(&ann, "notion").await;
    let callback = consent(&page, "allow").await;
    assert_eq!(land(&bob, &callback).await, FAILED_LANDING);
    assert!(connected_slugs(&bob).await.is_empty());
    assert!(connected_slugs(&ann).await.is_empty());
}

#[tokio::test]
async fn a_denied_consent_lands_on_the_failure_and_records_nothing() {
    let (app, _fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let page = begin(&ann, "notion").await;
    let callback = consent(&page, "deny").await;
    assert_ne!(param(&callback, "status"), "success");
    assert_eq!(land(&ann, &callback).await, FAILED_LANDING);
    assert!(connected_slugs(&ann).await.is_empty());
}

#[tokio::test]
async fn a_success_status_for_an_account_composio_does_not_call_active_is_refused() {
    let (app, fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    for status in [
        AccountStatus::Initiated,
        AccountStatus::Expired,
        AccountStatus::Failed,
    ] {
        let page = begin(&ann, "notion").await;
        let callback = consent(&page, "allow").await;
        // Composio's page said success, but Composio's record of the account disagrees.
        let account = param(&callback, "connected_account_id");
        assert!(fake.set_account_status(&account, status));
        assert_eq!(land(&ann, &callback).await, FAILED_LANDING, "{status:?}");
    }
    assert!(connected_slugs(&ann).await.is_empty());
}

#[tokio::test]
async fn an_account_of_another_user_or_under_another_auth_config_is_refused() {
    let (app, fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let bob = app.register("bob@example.com", "Bob").await;
    let notion = fake.auth_config_id("notion", false).unwrap();
    let github = fake.auth_config_id("github", true).unwrap();
    let bobs = fake
        .seed_account(&notion, &bob.user_id().await, AccountStatus::Active)
        .unwrap();
    let anns_github = fake
        .seed_account(&github, &ann.user_id().await, AccountStatus::Active)
        .unwrap();
    for account in [bobs, anns_github] {
        let page = begin(&ann, "notion").await;
        let callback = consent(&page, "allow").await;
        let swapped = with_param(&callback, "connected_account_id", &account);
        assert_eq!(land(&ann, &swapped).await, FAILED_LANDING, "{account}");
    }
    let unknown = {
        let page = begin(&ann, "notion").await;
        let callback = consent(&page, "allow").await;
        with_param(&callback, "connected_account_id", "ca_unknown")
    };
    assert_eq!(land(&ann, &unknown).await, FAILED_LANDING);
    assert!(connected_slugs(&ann).await.is_empty());
}

#[tokio::test]
async fn the_camel_case_account_id_is_read_too() {
    let (app, _fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let page = begin(&ann, "gmail").await;
    let callback = consent(&page, "allow").await;
    let account = param(&callback, "connected_account_id");
    let (path, _) = callback.split_once('?').unwrap();
    let camel = format!(
        "{path}?state={}&status=SUCCESS&connectedAccountId={account}",
        param(&callback, "state")
    );
    assert_eq!(
        land(&ann, &camel).await,
        "/settings/integrations?connected=gmail"
    );
}

#[tokio::test]
async fn an_expired_or_altered_state_is_refused() {
    let (app, _fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let page = begin(&ann, "notion").await;
    let callback = consent(&page, "allow").await;
    let state = param(&callback, "state");
    let (payload, tag) = state.split_once('.').unwrap();
    let flipped = if tag.starts_with('A') { "B" } else { "A" };
    for bad in [
        format!("{payload}.{flipped}{}", &tag[1..]),
        payload.to_owned(),
        "not-a-state".to_owned(),
        String::new(),
    ] {
        let altered = with_param(&callback, "state", &bad);
        assert_eq!(land(&ann, &altered).await, FAILED_LANDING, "{bad}");
    }
    // Past its five minutes (the clock the integration reads moves on).
    let page = begin(&ann, "notion").await;
    let callback = consent(&page, "allow").await;
    app.state
        .composio
        .as_ref()
        .unwrap()
        .clock
        .advance(5 * 60 * 1000 + 1_000);
    assert_eq!(land(&ann, &callback).await, FAILED_LANDING);
    assert!(connected_slugs(&ann).await.is_empty());
}

#[tokio::test]
async fn a_composio_failure_while_checking_the_account_fails_closed() {
    for kind in [
        FaultKind::Status(500),
        FaultKind::Timeout,
        FaultKind::Malformed,
        FaultKind::NotFound,
    ] {
        let (app, fake) = integrated().await;
        let ann = app.register("ann@example.com", "Ann").await;
        let page = begin(&ann, "notion").await;
        let callback = consent(&page, "allow").await;
        fake.set_fault(Operation::ListAccounts, Fault::sticky(kind));
        assert_eq!(land(&ann, &callback).await, FAILED_LANDING, "{kind:?}");
        fake.clear_faults();
        assert!(connected_slugs(&ann).await.is_empty(), "{kind:?}");
    }
}

#[tokio::test]
async fn starting_a_connect_checks_the_toolkit_and_fails_with_a_502_when_composio_does() {
    let (app, fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    ann.post(INIT, json!({"toolkit_slug": "  "}))
        .await
        .expect_error(400, "invalid_input");
    ann.post(INIT, json!({}))
        .await
        .expect_error(400, "invalid_input");
    // Unknown, no auth config at all, and only a disabled one.
    for slug in ["nope", "jira", "linear"] {
        ann.post(INIT, json!({"toolkit_slug": slug}))
            .await
            .expect_error(400, "toolkit_not_supported");
    }
    ann.post(INIT, json!({"toolkit_slug": "a".repeat(65)}))
        .await
        .expect_error(400, "invalid_input");
    ann.post(INIT, json!({"toolkit_slug": "no\u{0}tion"}))
        .await
        .expect_error(400, "nul_byte");
    for content_type in [None, Some("text/plain")] {
        ann.send_typed(
            axum::http::Method::POST,
            INIT,
            Some(r#"{"toolkit_slug":"notion"}"#),
            content_type,
        )
        .await
        .expect_error(415, "unsupported_media_type");
    }
    for kind in [
        FaultKind::Status(500),
        FaultKind::Timeout,
        FaultKind::Malformed,
        FaultKind::Status(401),
    ] {
        fake.set_fault(Operation::Link, Fault::sticky(kind));
        ann.post(INIT, json!({"toolkit_slug": "notion"}))
            .await
            .expect_error(502, "composio_unavailable");
        fake.clear_faults();
    }
    assert!(fake
        .accounts()
        .iter()
        .all(|a| a.status != AccountStatus::Active));
}

#[tokio::test]
async fn with_no_auth_config_list_and_nothing_cached_starting_a_connect_is_a_502() {
    let (app, fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    fake.set_fault(
        Operation::AuthConfigs,
        Fault::sticky(FaultKind::Status(503)),
    );
    ann.post(INIT, json!({"toolkit_slug": "notion"}))
        .await
        .expect_error(502, "composio_unavailable");
    ann.get(TOOLKITS)
        .await
        .expect_error(502, "composio_unavailable");
}

#[tokio::test]
async fn a_personal_token_cannot_start_a_connect_that_only_a_browser_session_can_finish() {
    let (app, _fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let token = ann
        .post("/api/tokens", json!({"name": "cli"}))
        .await
        .expect(201)["token"]
        .as_str()
        .unwrap()
        .to_owned();
    ann.with_bearer(&token)
        .post(INIT, json!({"toolkit_slug": "notion"}))
        .await
        .expect_error(400, "session_required");
}

#[tokio::test]
async fn the_catalog_lists_only_connectable_toolkits_in_usage_order_with_logo_and_first_category() {
    let (app, fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let catalog = ann.get(TOOLKITS).await.expect(200);
    let slugs: Vec<&str> = catalog
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        slugs,
        ["github", "gmail", "notion", "slack", "googlecalendar"]
    );
    let notion = catalog
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["slug"] == "notion")
        .unwrap();
    assert_eq!(notion["name"], "Notion");
    assert_eq!(notion["category"], "Productivity");
    assert_eq!(notion["connectable"], true);
    assert!(notion["logo"]
        .as_str()
        .unwrap()
        .starts_with(fake.public_url()));
    assert!(!catalog.to_string().contains("ac_"), "no auth config ids");
}

#[tokio::test]
async fn a_cold_catalog_makes_one_pass_upstream_however_many_ask_and_a_warm_one_none() {
    let (app, fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let asks = (0..12).map(|_| {
        let ann = ann.clone();
        async move { ann.get(TOOLKITS).await.expect(200) }
    });
    let answers = futures_util::future::join_all(asks).await;
    assert!(answers.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(
        (
            fake.calls(Operation::AuthConfigs),
            fake.calls(Operation::Toolkits)
        ),
        (1, 1)
    );
    ann.get(TOOLKITS).await.expect(200);
    ann.post(INIT, json!({"toolkit_slug": "notion"}))
        .await
        .expect(200);
    assert_eq!(
        (
            fake.calls(Operation::AuthConfigs),
            fake.calls(Operation::Toolkits)
        ),
        (1, 1)
    );
}

#[tokio::test]
async fn after_five_minutes_the_catalog_is_refreshed_and_a_failed_refresh_serves_the_previous_one()
{
    let (app, fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let clock = &app.state.composio.as_ref().unwrap().clock;
    let first = ann.get(TOOLKITS).await.expect(200);
    clock.advance(4 * 60 * 1000);
    fake.set_auth_config_enabled(&fake.auth_config_id("gmail", true).unwrap(), false);
    assert_eq!(ann.get(TOOLKITS).await.expect(200), first, "still cached");
    clock.advance(60 * 1000);
    let refreshed = ann.get(TOOLKITS).await.expect(200);
    assert!(!refreshed.to_string().contains("\"gmail\""), "{refreshed}");
    // Gmail has no enabled config any more: connecting it is refused.
    ann.post(INIT, json!({"toolkit_slug": "gmail"}))
        .await
        .expect_error(400, "toolkit_not_supported");
    clock.advance(5 * 60 * 1000);
    fake.set_fault(Operation::Toolkits, Fault::sticky(FaultKind::Status(500)));
    fake.set_fault(
        Operation::AuthConfigs,
        Fault::sticky(FaultKind::Status(500)),
    );
    assert_eq!(ann.get(TOOLKITS).await.expect(200), refreshed, "stale");
    ann.post(INIT, json!({"toolkit_slug": "notion"}))
        .await
        .expect(200);
}

#[tokio::test]
async fn disconnecting_revokes_then_deletes_at_composio_once_and_hides_the_connection() {
    let (app, fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let callback = connect(&ann, "notion").await;
    let account = param(&callback, "connected_account_id");
    let id = ann.get(CONNECTIONS).await.expect(200)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    fake.reset_calls();
    let path = format!("{CONNECTIONS}/{id}");
    ann.delete(&path).await.expect(204);
    assert_eq!(
        (fake.calls(Operation::Revoke), fake.calls(Operation::Delete)),
        (1, 1)
    );
    let stored = fake.account(&account).unwrap();
    assert!(stored.deleted);
    assert!(connected_slugs(&ann).await.is_empty());
    // Again: done already, Composio is not asked (even when it would fail).
    fake.set_fault(Operation::Revoke, Fault::sticky(FaultKind::Status(500)));
    fake.set_fault(Operation::Delete, Fault::sticky(FaultKind::Status(500)));
    ann.delete(&path).await.expect(204);
    assert_eq!(
        (fake.calls(Operation::Revoke), fake.calls(Operation::Delete)),
        (1, 1)
    );
}

#[tokio::test]
async fn an_app_that_cannot_revoke_or_a_revoke_or_delete_answered_404_still_disconnects() {
    let (app, fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    // Slack cannot revoke programmatically (400 from revoke): the delete still runs.
    connect(&ann, "slack").await;
    connect(&ann, "notion").await;
    connect(&ann, "gmail").await;
    let connections = ann.get(CONNECTIONS).await.expect(200);
    let id_of = |slug: &str| {
        connections
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["toolkit_slug"] == slug)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    ann.delete(&format!("{CONNECTIONS}/{}", id_of("slack")))
        .await
        .expect(204);
    fake.set_fault(Operation::Revoke, Fault::once(FaultKind::NotFound));
    ann.delete(&format!("{CONNECTIONS}/{}", id_of("notion")))
        .await
        .expect(204);
    fake.set_fault(Operation::Delete, Fault::once(FaultKind::NotFound));
    ann.delete(&format!("{CONNECTIONS}/{}", id_of("gmail")))
        .await
        .expect(204);
    assert!(connected_slugs(&ann).await.is_empty());
}

#[tokio::test]
async fn any_other_upstream_failure_on_disconnect_is_a_502_and_the_connection_stays() {
    let (app, fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    connect(&ann, "notion").await;
    let id = ann.get(CONNECTIONS).await.expect(200)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("{CONNECTIONS}/{id}");
    for (operation, kind) in [
        (Operation::Revoke, FaultKind::Status(500)),
        (Operation::Revoke, FaultKind::Timeout),
        (Operation::Delete, FaultKind::Status(503)),
        (Operation::Delete, FaultKind::Status(403)),
    ] {
        fake.set_fault(operation, Fault::sticky(kind));
        ann.delete(&path)
            .await
            .expect_error(502, "composio_unavailable");
        fake.clear_faults();
        assert_eq!(
            connected_slugs(&ann).await,
            ["notion"],
            "{operation:?} {kind:?}"
        );
    }
    ann.delete(&path).await.expect(204);
}

#[tokio::test]
async fn another_persons_connection_is_a_404_an_unknown_one_too_and_a_malformed_id_a_400() {
    let (app, fake) = integrated().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let bob = app.register("bob@example.com", "Bob").await;
    connect(&ann, "notion").await;
    let id = ann.get(CONNECTIONS).await.expect(200)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    fake.reset_calls();
    bob.delete(&format!("{CONNECTIONS}/{id}"))
        .await
        .expect_error(404, "not_found");
    bob.delete(&format!("{CONNECTIONS}/{}", uuid::Uuid::new_v4()))
        .await
        .expect_error(404, "not_found");
    bob.delete(&format!("{CONNECTIONS}/not-a-uuid"))
        .await
        .expect_error(400, "invalid_input");
    assert_eq!(fake.calls(Operation::Revoke), 0);
    assert_eq!(connected_slugs(&ann).await, ["notion"]);
}

#[tokio::test]
async fn while_the_integration_is_off_all_five_endpoints_answer_503_after_checking_the_caller() {
    let app = TestApp::new().await;
    let ann = app.register("ann@example.com", "Ann").await;
    let id = uuid::Uuid::new_v4();
    for answer in [
        ann.get(TOOLKITS).await,
        ann.post(INIT, json!({"toolkit_slug": "notion"})).await,
        ann.get(CONNECTIONS).await,
        ann.delete(&format!("{CONNECTIONS}/{id}")).await,
        app.anonymous()
            .get("/api/integrations/composio/callback?state=x&status=success")
            .await,
    ] {
        answer.expect_error(503, "composio_not_configured");
    }
    let anonymous = app.anonymous();
    anonymous
        .get(TOOLKITS)
        .await
        .expect_error(401, "unauthenticated");
    anonymous
        .post(INIT, json!({"toolkit_slug": "notion"}))
        .await
        .expect_error(401, "unauthenticated");
}

#[tokio::test]
async fn the_composio_key_never_reaches_the_log_or_a_response() {
    let captured = LogCapture::start();
    let (app, fake) = integrated().await;
    let key = fake.api_key().to_owned();
    let ann = app.register("ann@example.com", "Ann").await;
    let mut answers: Vec<Value> = Vec::new();
    answers.push(ann.get(TOOLKITS).await.body);
    connect(&ann, "notion").await;
    for operation in [Operation::Link, Operation::ListAccounts, Operation::Revoke] {
        fake.set_fault(operation, Fault::sticky(FaultKind::Status(401)));
    }
    answers.push(ann.post(INIT, json!({"toolkit_slug": "notion"})).await.body);
    let id = ann.get(CONNECTIONS).await.expect(200)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    answers.push(ann.delete(&format!("{CONNECTIONS}/{id}")).await.body);
    let log = captured.text();
    assert!(log.contains("Composio"), "the log was captured: {log}");
    assert!(!log.contains(&key), "the key is in the log");
    for answer in answers {
        assert!(!answer.to_string().contains(&key));
    }
}
