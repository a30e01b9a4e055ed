//! Typed ids from the request: the path's (`IdPath`) and the `X-Workspace-ID` header's. A
//! malformed id is a 404 before the handler runs: an id that cannot exist is simply not found.

use crate::error::ApiError;
use agentry_core::{
    AgentId, AutopilotId, ChatSessionId, ConnectionId, DaemonTokenId, InvitationId, ProfileId,
    RuntimeId, TaskId, TeamId, TokenId, UserId, WorkspaceId,
};
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;

/// The ids of a route's path, typed: `IdPath<AgentId>` for `/api/agents/{id}`,
/// `IdPath<(WorkspaceId, TeamId)>` for `/api/workspaces/{id}/teams/{team_id}`. A segment that
/// is not a UUID is a 404, before the handler runs.
pub struct IdPath<T>(pub T);

/// What [`IdPath`] can read: one id per path segment, in the route's order.
pub trait PathIds: Sized {
    /// How many segments these ids take.
    const SEGMENTS: usize;
    /// Reads exactly [`Self::SEGMENTS`] segments; `None` when one is malformed.
    fn parse(segments: &[&str]) -> Option<Self>;
}

macro_rules! path_id {
    ($($id:ident),* $(,)?) => {$(
        impl PathIds for $id {
            const SEGMENTS: usize = 1;
            fn parse(segments: &[&str]) -> Option<Self> {
                match segments {
                    // Strict: unlike `parse` for bodies, a path segment is not trimmed.
                    [raw] => uuid::Uuid::parse_str(raw).ok().map($id),
                    _ => None,
                }
            }
        }
    )*};
}

path_id!(
    UserId,
    WorkspaceId,
    TeamId,
    InvitationId,
    TokenId,
    AgentId,
    RuntimeId,
    ProfileId,
    DaemonTokenId,
    ConnectionId,
    TaskId,
    ChatSessionId,
    AutopilotId,
);

/// A segment taken as sent, for the one id whose malformed form is not a 404 (a runtime
/// profile's, a 400 the handler names after the membership check).
impl PathIds for String {
    const SEGMENTS: usize = 1;
    fn parse(segments: &[&str]) -> Option<Self> {
        match segments {
            [raw] => Some((*raw).to_owned()),
            _ => None,
        }
    }
}

impl<A: PathIds, B: PathIds> PathIds for (A, B) {
    const SEGMENTS: usize = A::SEGMENTS + B::SEGMENTS;
    fn parse(segments: &[&str]) -> Option<Self> {
        let (a, b) = segments.split_at_checked(A::SEGMENTS)?;
        Some((A::parse(a)?, B::parse(b)?))
    }
}

impl<T: PathIds, S: Send + Sync> FromRequestParts<S> for IdPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // The only rejection left once routing matched is a segment that is not UTF-8, which
        // no id is.
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::NotFound)?;
        let segments: Vec<&str> = params.iter().map(|(_, value)| value).collect();
        if segments.len() != T::SEGMENTS {
            return Err(ApiError::Internal(anyhow::anyhow!(
                "the route has {} path parameters, the handler reads {}",
                segments.len(),
                T::SEGMENTS
            )));
        }
        T::parse(&segments).map(IdPath).ok_or(ApiError::NotFound)
    }
}

/// The workspace named by the `X-Workspace-ID` header, for workspace-scoped routes whose path
/// does not carry it. Missing → 400; malformed → 404 (it cannot exist).
pub struct WorkspaceHeader(pub WorkspaceId);

impl<S: Send + Sync> FromRequestParts<S> for WorkspaceHeader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let raw = parts
            .headers
            .get("x-workspace-id")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                ApiError::invalid(
                    "X-Workspace-ID",
                    "required",
                    "the X-Workspace-ID header is required",
                )
            })?;
        let id = uuid::Uuid::parse_str(raw.trim()).map_err(|_| ApiError::NotFound)?;
        Ok(WorkspaceHeader(WorkspaceId(id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;

    const WS: &str = "6f1c2b4e-0d7a-4c7e-9a51-3b2f8e1d0c9a";
    const TEAM: &str = "0b7e5c1a-2f3d-4e6b-8a9c-1d2e3f4a5b6c";

    async fn pair(IdPath((workspace, team)): IdPath<(WorkspaceId, TeamId)>) -> String {
        format!("{workspace} {team}")
    }

    async fn one(IdPath(agent): IdPath<AgentId>) -> String {
        agent.to_string()
    }

    async fn header(WorkspaceHeader(workspace): WorkspaceHeader) -> String {
        workspace.to_string()
    }

    async fn call(uri: &str, workspace: Option<&str>) -> (StatusCode, String) {
        let app = Router::new()
            .route("/w/{id}/t/{team_id}", get(pair))
            .route("/a/{id}", get(one))
            .route("/two/{id}/{other}", get(one))
            .route("/h", get(header));
        let mut request = Request::get(uri);
        if let Some(value) = workspace {
            request = request.header("x-workspace-id", value);
        }
        let response = app
            .oneshot(request.body(Body::empty()).expect("request"))
            .await
            .expect("response");
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .expect("body");
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn path_ids_are_read_by_type_and_a_malformed_one_is_not_found() {
        let ok = StatusCode::OK;
        let missing = StatusCode::NOT_FOUND;
        let upper = WS.to_uppercase();
        for (uri, status, body) in [
            (format!("/w/{WS}/t/{TEAM}"), ok, format!("{WS} {TEAM}")),
            (format!("/w/{upper}/t/{TEAM}"), ok, format!("{WS} {TEAM}")),
            (format!("/a/{TEAM}"), ok, TEAM.to_owned()),
            (format!("/w/{WS}/t/nope"), missing, String::new()),
            (format!("/w/1/t/{TEAM}"), missing, String::new()),
            (format!("/a/%20{TEAM}"), missing, String::new()),
            ("/a/%FF".to_owned(), missing, String::new()),
        ] {
            let (got, text) = call(&uri, None).await;
            assert_eq!(got, status, "{uri}: {text}");
            if status == ok {
                assert_eq!(text, body, "{uri}");
            } else {
                assert!(text.contains("\"not_found\""), "{uri}: {text}");
            }
        }
    }

    #[tokio::test]
    async fn a_handler_reading_fewer_ids_than_its_route_has_is_an_internal_error() {
        let (status, _) = call(&format!("/two/{WS}/{TEAM}"), None).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[tokio::test]
    async fn the_workspace_header_is_required_trimmed_and_not_found_when_malformed() {
        let padded = format!("  {WS} ");
        assert_eq!(
            call("/h", Some(&padded)).await,
            (StatusCode::OK, WS.to_owned())
        );
        let (status, text) = call("/h", None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(text.contains("X-Workspace-ID"), "{text}");
        let (status, text) = call("/h", Some("acme")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(text.contains("\"not_found\""), "{text}");
    }
}
