//! The hosted consent page a connect link points at: Allow makes the account ACTIVE, Deny
//! makes it FAILED, and both send the browser back to the `callback_url` given at link time.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Form;
use serde::Deserialize;
use time::OffsetDateTime;

use super::{enter, AppState, Failure};
use crate::faults::Operation;
use crate::state::{AccountStatus, Shared};

#[derive(Deserialize)]
pub(crate) struct Decision {
    decision: String,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page_html(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
<style>body{{font-family:sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}}\
button{{font-size:1rem;padding:.5rem 1.5rem;margin-right:.5rem}}</style></head>\
<body><main>{body}</main></body></html>"
    )
}

fn message(status: StatusCode, title: &str, text: &str) -> Response {
    let body = format!("<h1>{}</h1><p>{}</p>", escape(title), escape(text));
    (status, Html(page_html(title, &body))).into_response()
}

/// The account a link token opened, if it still awaits a decision: `(id, toolkit name)`.
/// Why a link cannot be used: `(status, title, text)` for [`message`].
type Refusal = (StatusCode, &'static str, &'static str);

fn refuse((status, title, text): Refusal) -> Response {
    message(status, title, text)
}

fn pending(shared: &Shared, token: &str) -> Result<(String, String), Refusal> {
    let state = shared.lock();
    let Some(account) = state
        .accounts
        .iter()
        .find(|a| a.link_token.as_deref() == Some(token) && !a.deleted)
    else {
        return Err((
            StatusCode::NOT_FOUND,
            "Link not found",
            "This connect link is unknown.",
        ));
    };
    if account.status != AccountStatus::Initiated {
        return Err((
            StatusCode::CONFLICT,
            "Link already used",
            "This connect link was already used.",
        ));
    }
    if account
        .expires_at
        .is_some_and(|at| at < OffsetDateTime::now_utc())
    {
        return Err((
            StatusCode::GONE,
            "Link expired",
            "This connect link has expired.",
        ));
    }
    let name = state
        .toolkit(&account.toolkit)
        .map_or_else(|| account.toolkit.clone(), |t| t.name.clone());
    Ok((account.id.clone(), name))
}

pub(crate) async fn page(State(shared): AppState, Path(token): Path<String>) -> Response {
    if let Err(failure) = enter(&shared, Operation::Consent).await {
        return failure.into_response();
    }
    let (_, name) = match pending(&shared, &token) {
        Ok(found) => found,
        Err(refusal) => return refuse(refusal),
    };
    let name = escape(&name);
    let title = format!("Connect {name}");
    let body = format!(
        "<h1>Connect {name}</h1>\
<p>Agentry wants to use your <strong>{name}</strong> account (fake Composio consent page).</p>\
<form method=\"post\" action=\"/connect/{token}\">\
<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\
<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\
</form>",
        token = escape(&token),
    );
    Html(page_html(&title, &body)).into_response()
}

pub(crate) async fn decide(
    State(shared): AppState,
    Path(token): Path<String>,
    Form(decision): Form<Decision>,
) -> Result<Response, Failure> {
    enter(&shared, Operation::Consent).await?;
    let (id, _) = pending(&shared, &token).map_err(|r| Failure::Raw(refuse(r)))?;
    let allow = decision.decision == "allow";
    let callback = {
        let mut state = shared.lock();
        let Some(account) = state.live_account_mut(&id) else {
            return Ok(message(
                StatusCode::NOT_FOUND,
                "Link not found",
                "This connect link is unknown.",
            ));
        };
        account.status = if allow {
            AccountStatus::Active
        } else {
            AccountStatus::Failed
        };
        account.ever_active |= allow;
        account.updated_at = Some(OffsetDateTime::now_utc());
        account.callback_url.clone()
    };
    let status = if allow { "success" } else { "failed" };
    let Some(callback) = callback else {
        let text = if allow {
            "You can close this window."
        } else {
            "The connection was denied."
        };
        return Ok(message(
            StatusCode::OK,
            if allow { "Connected" } else { "Denied" },
            text,
        ));
    };
    let separator = if callback.contains('?') { '&' } else { '?' };
    let location = format!("{callback}{separator}status={status}&connected_account_id={id}");
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response())
}
