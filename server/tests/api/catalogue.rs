//! The router, `core`'s API catalogue and the OpenAPI document name the same endpoints: a route
//! registered without a catalogue entry, an entry the router lacks, or an operation missing
//! from the document fails here.

use crate::endpoints::{access, routes, Access};
use crate::helpers::TestApp;
use agentry_core::api::catalogue::{self, CATALOGUE};
use std::collections::BTreeSet;

type Names = BTreeSet<(String, String)>;

fn router_routes() -> Names {
    routes()
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_owned()))
        .collect()
}

fn catalogue_entries() -> Names {
    CATALOGUE
        .iter()
        .map(|e| (e.method.as_str().to_owned(), e.path.to_owned()))
        .collect()
}

fn document_operations(document: &serde_json::Value) -> Names {
    let mut names = Names::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for method in item.as_object().into_iter().flatten().map(|(m, _)| m) {
            names.insert((method.to_uppercase(), path.clone()));
        }
    }
    names
}

#[test]
fn every_route_of_the_router_is_in_the_catalogue_and_every_entry_is_routed() {
    assert_eq!(
        routes().len(),
        CATALOGUE.len(),
        "a route is registered twice"
    );
    let (router, catalogue) = (router_routes(), catalogue_entries());
    assert_eq!(
        router.difference(&catalogue).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "routed but not in core::api::catalogue"
    );
    assert_eq!(
        catalogue.difference(&router).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "in the catalogue but not routed"
    );
}

#[test]
fn each_entry_takes_the_credentials_the_tests_expect() {
    for route in routes() {
        let entry = CATALOGUE
            .iter()
            .find(|e| e.method.as_str() == route.method.as_str() && e.path == route.path);
        let expected = match access(&route) {
            Access::Public => catalogue::Access::Public,
            Access::User => catalogue::Access::User,
            Access::Daemon => catalogue::Access::Daemon,
        };
        assert_eq!(entry.map(|e| e.access), Some(expected), "{route:?}");
    }
}

#[tokio::test]
async fn the_served_openapi_document_has_exactly_the_routers_operations() {
    let app = TestApp::new().await;
    let document = app.anonymous().get("/api/openapi.json").await.expect(200);
    assert_eq!(document["openapi"].as_str().map(|v| &v[..2]), Some("3."));
    assert_eq!(document_operations(&document), router_routes());
}

#[tokio::test]
async fn the_docs_page_lists_every_operation_without_external_assets() {
    let app = TestApp::new().await;
    let answer = app.anonymous().get("/api/docs").await;
    assert_eq!(answer.status.as_u16(), 200);
    assert!(answer.header("content-type").starts_with("text/html"));
    let html = answer.body.as_str().unwrap_or_default().to_owned();
    for (method, path) in router_routes() {
        assert!(
            html.contains(&format!(
                "<td class=\"m\">{method}</td><td><code>{path}</code>"
            )),
            "{method} {path} is not on the page"
        );
    }
    assert!(!html.contains("<script") && !html.contains("https://"));
}

#[tokio::test]
async fn every_error_code_the_authorization_sweep_meets_is_listed_in_the_routes_entry() {
    let mut cast = crate::authorization::Cast::new().await;
    let mut problems = Vec::new();
    for (route, answers) in crate::authorization::observe(&mut cast).await {
        let entry = CATALOGUE
            .iter()
            .find(|e| format!("{} {}", e.method.as_str(), e.path) == route);
        let listed = entry.map(|e| e.errors).unwrap_or_default();
        for (status, body) in answers {
            let value: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
            let code = value["code"].as_str().unwrap_or_default().to_owned();
            if status >= 400 && !listed.contains(&code.as_str()) {
                problems.push(format!("{route}: {status} {code}"));
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "codes missing from the catalogue: {problems:#?}"
    );
}
