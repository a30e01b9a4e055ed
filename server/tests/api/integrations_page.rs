//! Settings → Integrations as the server renders it: the page's policy lets apps' logos load,
//! the callback's workspace-less landing forwards to the person's workspace with its query,
//! and the page and its menu entry follow the integration's switch.

use crate::helpers::{Answer, Client, TestApp};
use axum::http::Method;

const FAKE: &str = "http://127.0.0.1:4010";

async fn with_composio() -> TestApp {
    TestApp::with_config(|c| {
        c.composio_api_key = Some("ck_test_key".parse().unwrap());
        c.composio_base_url = FAKE.into();
    })
    .await
}

/// A page as a browser asks for it (a redirect is a 302 only for `text/html`).
async fn page(client: &Client, path: &str) -> Answer {
    client
        .request(Method::GET, path, None, &[("accept", "text/html")])
        .await
}

fn img_src(csp: &str) -> String {
    csp.split(';')
        .map(str::trim)
        .find(|d| d.starts_with("img-src"))
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn pages_may_show_logos_from_https_and_from_a_composio_served_over_plain_http() {
    let app = with_composio().await;
    let on = page(&app.anonymous(), "/login").await;
    assert_eq!(
        img_src(&on.header("content-security-policy")),
        format!("img-src 'self' data: https: {FAKE}")
    );
    let off = TestApp::with_config(|c| c.composio_api_key = None).await;
    let off = page(&off.anonymous(), "/login").await;
    assert_eq!(
        img_src(&off.header("content-security-policy")),
        "img-src 'self' data: https:"
    );
}

#[tokio::test]
async fn the_callback_landing_forwards_to_the_first_workspace_keeping_the_query() {
    let app = with_composio().await;
    let (owner, _) = app.owner_with_workspace("ann@example.com", "acme").await;
    let answer = page(&owner, "/settings/integrations?connected=notion&tab=x").await;
    assert_eq!(answer.status.as_u16(), 302, "{:?}", answer.body);
    assert_eq!(
        answer.header("location"),
        "/w/acme/settings/integrations?connected=notion&tab=x"
    );
}

#[tokio::test]
async fn signed_out_the_callback_landing_asks_to_sign_in_first_and_comes_back() {
    let app = with_composio().await;
    let answer = page(
        &app.anonymous(),
        "/settings/integrations?error=composio_connect_failed",
    )
    .await;
    assert_eq!(answer.status.as_u16(), 302, "{:?}", answer.body);
    assert_eq!(
        answer.header("location"),
        "/login?next=/settings/integrations%3Ferror%3Dcomposio_connect_failed"
    );
}

#[tokio::test]
async fn the_menu_offers_integrations_only_while_the_integration_is_on() {
    for (on, app) in [
        (true, with_composio().await),
        (
            false,
            TestApp::with_config(|c| c.composio_api_key = None).await,
        ),
    ] {
        let (owner, _) = app.owner_with_workspace("ann@example.com", "acme").await;
        let answer = page(&owner, "/w/acme/settings/integrations").await;
        assert_eq!(answer.status.as_u16(), 200);
        let html = answer.body.as_str().unwrap();
        assert_eq!(
            html.contains(r#"href="/w/acme/settings/integrations""#),
            on,
            "menu entry while on = {on}"
        );
        assert_eq!(
            html.contains("Integrations aren&#x27;t available")
                || html.contains("Integrations aren't available"),
            !on,
            "{html}"
        );
        assert!(
            !html.contains("COMPOSIO_API_KEY"),
            "no setting is named to people"
        );
    }
}
