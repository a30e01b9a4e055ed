//! Auth configs, toolkits and logos.

use fake_composio::NewToolkit;

use crate::{within, Api};

fn slugs(page: &serde_json::Value, key: &str) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let value = if key == "toolkit" {
                &i["toolkit"]["slug"]
            } else {
                &i[key]
            };
            value.as_str().unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn auth_configs_hide_disabled_ones_unless_asked_and_filter_by_csv_toolkits() {
    within(async {
        let api = Api::start().await;
        let (_, enabled) = api.get("/api/v3.1/auth_configs?limit=1000").await;
        assert!(enabled["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["status"] == "ENABLED"));
        assert!(!slugs(&enabled, "toolkit").contains(&"linear".to_owned()));
        let (_, all) = api.get("/api/v3.1/auth_configs?show_disabled=true").await;
        assert!(slugs(&all, "toolkit").contains(&"linear".to_owned()));
        let (_, custom) = api
            .get("/api/v3.1/auth_configs?toolkit_slug=notion%2Cgithub&is_composio_managed=false")
            .await;
        assert_eq!(slugs(&custom, "toolkit"), ["notion"]);
        assert_eq!(custom["items"][0]["type"], "custom");
    })
    .await;
}

#[tokio::test]
async fn a_disabled_auth_config_is_hidden_and_cannot_link() {
    within(async {
        let api = Api::start().await;
        let gmail = api.fake.auth_config_id("gmail", true).unwrap();
        assert!(api.fake.set_auth_config_enabled(&gmail, false));
        let (_, page) = api.get("/api/v3.1/auth_configs?toolkit_slug=gmail").await;
        assert_eq!(page["items"], serde_json::json!([]));
        let (status, _) = api
            .post(
                "/api/v3.1/connected_accounts/link",
                serde_json::json!({"auth_config_id": gmail, "user_id": "u1"}),
            )
            .await;
        assert_eq!(status, 400);
    })
    .await;
}

#[tokio::test]
async fn toolkits_sort_by_usage_or_alphabetically_and_page() {
    within(async {
        let api = Api::start().await;
        let (_, usage) = api.get("/api/v3.1/toolkits?sort_by=usage&limit=1000").await;
        let by_usage = slugs(&usage, "slug");
        assert_eq!(by_usage[..3], ["github", "gmail", "notion"]);
        assert!(by_usage.len() >= 12);
        let item = &usage["items"][0];
        assert!(item["meta"]["logo"]
            .as_str()
            .unwrap()
            .ends_with("/logos/github.svg"));
        assert_eq!(item["meta"]["categories"][0]["name"], "Developer Tools");
        assert!(item.get("logo").is_none() && item.get("categories").is_none());

        let (_, alpha) = api
            .get("/api/v3.1/toolkits?sort_by=alphabetically&limit=1000")
            .await;
        let names: Vec<String> = alpha["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap().to_lowercase())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);

        let (_, first) = api.get("/api/v3.1/toolkits?limit=5").await;
        let cursor = first["next_cursor"].as_str().unwrap();
        let (_, second) = api
            .get(&format!("/api/v3.1/toolkits?limit=5&cursor={cursor}"))
            .await;
        assert_eq!(slugs(&second, "slug"), by_usage[5..10]);
        let (_, crm) = api.get("/api/v3.1/toolkits?category=crm").await;
        assert_eq!(slugs(&crm, "slug"), ["hubspot", "salesforce"]);
    })
    .await;
}

#[tokio::test]
async fn an_added_toolkit_joins_the_catalog() {
    within(async {
        let api = Api::start().await;
        api.fake.add_toolkit(NewToolkit {
            slug: "acme".to_owned(),
            name: "Acme".to_owned(),
            description: "Anvils".to_owned(),
            category: ("tools".to_owned(), "Tools".to_owned()),
            usage: 5000,
            revocable: true,
        });
        let id = api.fake.add_auth_config("acme", false);
        let (_, page) = api.get("/api/v3.1/toolkits?limit=1").await;
        assert_eq!(slugs(&page, "slug"), ["acme"]);
        let (_, configs) = api.get("/api/v3.1/auth_configs?toolkit_slug=acme").await;
        assert_eq!(slugs(&configs, "id"), [id]);
    })
    .await;
}

#[tokio::test]
async fn the_logo_is_a_small_svg_served_without_a_key() {
    within(async {
        let api = Api::start().await;
        let response = api
            .http
            .get(api.url("/logos/notion.svg"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["content-type"], "image/svg+xml");
        assert!(response.text().await.unwrap().starts_with("<svg"));
        let missing = api.http.get(api.url("/logos/..svg")).send().await.unwrap();
        assert_eq!(missing.status().as_u16(), 404);
    })
    .await;
}
