//! A run's calls to connected apps through the server's MCP broker: which tool of which app,
//! how it ended, how long it took and when, oldest first. The audit of whose apps a run used;
//! arguments are never recorded, so none are shown. Reloads whenever `tick` moves.

use crate::api;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::tasks::TaskToolCall;
use agentry_core::apps::toolkit_display_name;
use agentry_core::TaskId;
use leptos::prelude::*;

/// The label of a recorded status.
fn status_key(status: &str) -> Key {
    match status {
        "ok" => Key::ToolCallOk,
        "tool_error" => Key::ToolCallToolError,
        "refused" => Key::ToolCallRefused,
        "no_answer" => Key::ToolCallNoAnswer,
        _ => Key::ToolCallFailed,
    }
}

/// The tool calls of `task`.
#[component]
pub fn ToolCalls(
    /// The run.
    #[prop(into)]
    task: Signal<TaskId>,
    /// Moves when the run changed.
    #[prop(into)]
    tick: Signal<u32>,
) -> AnyView {
    let ws = use_workspace();
    // Browser-only, like the transcript beside it: live data, shown once loaded.
    let calls = LocalResource::new(move || {
        tick.track();
        let endpoint = ws.id.get().map(|workspace| endpoints::tasks::ToolCalls {
            workspace,
            id: task.get(),
        });
        api::call_known(endpoint, &(), "no such run")
    });
    let body = move || match calls.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) => view! { <ErrorView error retry=move || calls.refetch() /> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="muted">{t(Key::ToolCallsEmpty)}</p> }.into_any()
        }
        Some(Ok(list)) => view! { <CallTable calls=list /> }.into_any(),
    };
    body.into_any()
}

#[component]
fn CallTable(calls: Vec<TaskToolCall>) -> AnyView {
    let rows = calls
        .into_iter()
        .map(|call| {
            let app = call
                .toolkit
                .as_deref()
                .map_or_else(|| "—".to_owned(), toolkit_display_name);
            view! {
                <tr>
                    <td data-label=t(Key::ToolCallTool) class="mono break">{call.tool_name}</td>
                    <td data-label=t(Key::ToolCallApp)>{app}</td>
                    <td data-label=t(Key::ColStatus)>{t(status_key(&call.status))}</td>
                    <td data-label=t(Key::ToolCallDuration)>{format!("{} ms", call.duration_ms)}</td>
                    <td data-label=t(Key::ToolCallAt)><time>{call.created_at}</time></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table tool-calls-table">
                <caption class="sr-only">{t(Key::ToolCallsHeading)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(Key::ToolCallTool)}</th>
                        <th scope="col">{t(Key::ToolCallApp)}</th>
                        <th scope="col">{t(Key::ColStatus)}</th>
                        <th scope="col">{t(Key::ToolCallDuration)}</th>
                        <th scope="col">{t(Key::ToolCallAt)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
