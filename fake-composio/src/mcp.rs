//! The tool-router MCP endpoint, `/tool_router/{session_id}/mcp`: rmcp's streamable-HTTP
//! server (stateless, JSON answers) behind the same `x-api-key` check as the API. It lists
//! a few canned tools per enabled toolkit of the session and echoes calls.

use std::future::Future;
use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{MaybeSendFuture, RequestContext, RoleServer};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{ErrorData, ServerHandler};
use serde_json::json;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use crate::api::{enter, key_ok};
use crate::error::ApiError;
use crate::faults::Operation;
use crate::state::Shared;

pub(crate) type McpService = StreamableHttpService<ToolRouter, LocalSessionManager>;

/// The service shared by every session; which session a request is for travels with the
/// request as a [`SessionTools`] extension.
pub(crate) fn service(stop: &CancellationToken) -> McpService {
    let config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        // The fake listens on loopback only; `--public-url` may name it by another host.
        .disable_allowed_hosts()
        .with_cancellation_token(stop.child_token());
    StreamableHttpService::new(|| Ok(ToolRouter), Arc::default(), config)
}

/// The tools of the session a request addressed.
#[derive(Clone, Debug)]
pub(crate) struct SessionTools {
    user_id: String,
    /// `(name, description)`
    tools: Vec<(String, String)>,
}

fn session_tools(context: &RequestContext<RoleServer>) -> Option<&SessionTools> {
    context
        .extensions
        .get::<http::request::Parts>()?
        .extensions
        .get::<SessionTools>()
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct ToolRouter;

impl ServerHandler for ToolRouter {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build()).with_server_info(
            Implementation::new("fake-composio", env!("CARGO_PKG_VERSION")),
        )
    }

    fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> impl Future<Output = Result<ListToolsResult, ErrorData>> + MaybeSendFuture + '_ {
        let schema = json!({
            "type": "object",
            "properties": {"query": {"type": "string"}},
            "additionalProperties": true,
        });
        let schema = Arc::new(schema.as_object().cloned().unwrap_or_default());
        let tools = session_tools(&context)
            .map(|s| {
                s.tools
                    .iter()
                    .map(|(name, description)| {
                        Tool::new(name.clone(), description.clone(), schema.clone())
                    })
                    .collect()
            })
            .unwrap_or_default();
        std::future::ready(Ok(ListToolsResult::with_all_items(tools)))
    }

    fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> impl Future<Output = Result<CallToolResponse, ErrorData>> + MaybeSendFuture + '_ {
        let answer = match session_tools(&context) {
            Some(s) if s.tools.iter().any(|(name, _)| *name == request.name) => {
                let text = json!({
                    "successful": true,
                    "tool": request.name,
                    "user_id": s.user_id,
                    "arguments": request.arguments,
                    "data": {"message": "fake-composio canned result"},
                });
                Ok(CallToolResult::success(vec![ContentBlock::text(text.to_string())]).into())
            }
            _ => Err(ErrorData::invalid_params(
                format!("unknown tool {}", request.name),
                None,
            )),
        };
        std::future::ready(answer)
    }
}

/// Checks the key, counts, applies the `mcp` fault and finds the session, then hands the
/// request to rmcp.
pub(crate) async fn serve(
    State(shared): State<Arc<Shared>>,
    Path(session_id): Path<String>,
    mut request: Request,
) -> Response {
    if !key_ok(&shared, request.headers()) {
        return ApiError::unauthorized().into_response();
    }
    if let Err(failure) = enter(&shared, Operation::Mcp).await {
        return failure.into_response();
    }
    let scope = {
        let state = shared.lock();
        state.sessions.get(&session_id).map(|session| SessionTools {
            user_id: session.user_id.clone(),
            tools: session
                .toolkits
                .iter()
                .filter_map(|slug| state.toolkit(slug))
                .flat_map(|t| t.tools.iter().cloned())
                .collect(),
        })
    };
    let Some(scope) = scope else {
        return ApiError::not_found(
            "ToolRouterSession_NotFound",
            "Tool router session not found",
        )
        .into_response();
    };
    request.extensions_mut().insert(scope);
    match shared.mcp.clone().oneshot(request).await {
        Ok(response) => response.map(axum::body::Body::new),
        Err(never) => match never {},
    }
}
