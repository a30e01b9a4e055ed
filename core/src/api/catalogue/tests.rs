//! The catalogue's own consistency: one entry per route, paths that fill their templates.

use super::*;
use crate::{AgentId, InvitationId, WorkspaceId};
use std::collections::HashSet;
use uuid::Uuid;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

#[test]
fn each_method_and_path_is_named_once() {
    let mut seen = HashSet::new();
    for info in CATALOGUE {
        assert!(
            seen.insert((info.method, info.path)),
            "{} {} is listed twice",
            info.method.as_str(),
            info.path
        );
    }
}

#[test]
fn every_entry_has_a_summary_a_success_status_and_snake_case_error_codes() {
    for info in CATALOGUE {
        assert!(!info.summary.trim().is_empty(), "{}", info.path);
        let success = match info.media {
            Media::Redirect => 300..400,
            _ => 200..300,
        };
        assert!(success.contains(&info.status), "{}", info.path);
        for code in info.errors {
            assert!(
                !code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{} {}: {code}",
                info.method.as_str(),
                info.path
            );
        }
    }
}

#[test]
fn only_the_api_paths_and_the_probes_are_listed() {
    for info in CATALOGUE {
        assert!(
            info.path.starts_with("/api/") || ["/healthz", "/readyz"].contains(&info.path),
            "{}",
            info.path
        );
        assert_eq!(
            info.path.starts_with("/api/daemon/"),
            info.access == Access::Daemon
        );
    }
}

#[test]
fn paths_fill_their_templates_with_the_typed_ids() {
    let ws = WorkspaceId(id(1));
    let agent = AgentId(id(2));
    assert_eq!(
        agents::Show {
            workspace: ws,
            id: agent
        }
        .path(),
        format!("/api/agents/{agent}")
    );
    assert_eq!(
        agents::Show {
            workspace: ws,
            id: agent
        }
        .workspace(),
        Some(ws)
    );
    assert_eq!(
        agents::List {
            workspace: ws,
            include_archived: true
        }
        .path(),
        "/api/agents?include_archived=true"
    );
    assert_eq!(
        invitations::Revoke {
            workspace: ws,
            id: InvitationId(id(3))
        }
        .path(),
        format!("/api/workspaces/{ws}/invitations/{}", id(3))
    );
    assert_eq!(workspaces::List.path(), workspaces::List::PATH);
    let key = issues::SetMetadata {
        workspace: ws,
        id: "AR-1".into(),
        key: "pr.url".into(),
    };
    assert_eq!(key.path(), "/api/issues/AR-1/metadata/pr.url");
    assert_eq!(workspaces::List.workspace(), None);
    assert_eq!(
        events::Events { workspace: ws }.path(),
        format!("/api/events?workspace_id={ws}")
    );
}

#[test]
fn scoped_endpoints_are_exactly_the_workspace_scoped_routes() {
    const SCOPED: [&str; 7] = [
        "/api/agents",
        "/api/runtimes",
        "/api/tasks",
        "/api/issues",
        "/api/chat/",
        "/api/quick-create",
        "/api/autopilots",
    ];
    for info in CATALOGUE {
        let scoped = SCOPED.iter().any(|prefix| info.path.starts_with(prefix))
            || info.path == "/api/workspace"
            || info.path.starts_with("/api/workspace/");
        assert_eq!(info.scoped, scoped, "{}", info.path);
    }
}

#[test]
fn invitation_tokens_are_encoded_as_one_path_segment() {
    assert_eq!(encode_segment("ab-C_9.~"), "ab-C_9.~");
    assert_eq!(encode_segment("a/b c?"), "a%2Fb%20c%3F");
    assert_eq!(
        invitations::Accept {
            token: "x/y".into()
        }
        .path(),
        "/api/invitations/x%2Fy/accept"
    );
}

#[test]
fn entries_name_their_aggregate() {
    assert_eq!(agents::List::INFO.aggregate(), "agents");
    assert_eq!(agents::List::INFO.name, "List");
}

#[cfg(feature = "openapi")]
#[test]
fn the_document_has_one_operation_per_entry_and_resolves_every_reference() {
    let json = serde_json::to_value(openapi::document()).unwrap_or_default();
    let paths = json["paths"].as_object().cloned().unwrap_or_default();
    let operations: usize = paths
        .values()
        .map(|item| item.as_object().map_or(0, |o| o.len()))
        .sum();
    assert_eq!(operations, CATALOGUE.len());
    let schemas = json["components"]["schemas"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let text = json.to_string();
    for reference in text.split("\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap_or_default();
        assert!(schemas.contains_key(name), "unresolved reference to {name}");
    }
}
