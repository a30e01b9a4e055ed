//! A run's transcript as the daemon streamed it: the agent's text, its thinking, each tool
//! call with its input and output, status lines and errors, in `seq` order. A `role="log"`
//! region, so screen readers hear new entries politely; it reloads whenever `tick` moves
//! (the page bumps it on `task:changed`).

use crate::api;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::components::work::text::PlainText;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::tasks::TaskMessage;
use agentry_core::TaskId;
use leptos::prelude::*;

/// The transcript of `task`.
#[component]
pub fn Transcript(
    /// The run.
    #[prop(into)]
    task: Signal<TaskId>,
    /// Moves when the run changed.
    #[prop(into)]
    tick: Signal<u32>,
) -> AnyView {
    let ws = use_workspace();
    // Browser-only: pages create it inside their Transition (see the agents' panels), and a
    // transcript is live data anyway. The last answer stays shown while the next loads.
    let messages = LocalResource::new(move || {
        tick.track();
        let endpoint = ws.id.get().map(|workspace| endpoints::tasks::Messages {
            workspace,
            id: task.get(),
        });
        api::call_known(endpoint, &(), "no such run")
    });
    let entries = move || match messages.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorView error retry=move || messages.refetch() /> }.into_any()
        }
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="muted">{t(Key::TranscriptEmpty)}</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <ol class="transcript" role="log" aria-label=t(Key::Transcript)>
                {list.into_iter().map(|m| view! { <Entry message=m /> }).collect_view()}
            </ol>
        }
        .into_any(),
    };
    entries.into_any()
}
#[component]
fn Entry(message: TaskMessage) -> AnyView {
    let kind = message.kind.clone();
    let label = match kind.as_str() {
        "text" => Key::EntryText,
        "thinking" => Key::EntryThinking,
        "tool_use" => Key::EntryToolUse,
        "tool_result" => Key::EntryToolResult,
        "error" => Key::EntryError,
        "status" => Key::EntryStatus,
        _ => Key::EntryLog,
    };
    let tool = message
        .tool
        .clone()
        .map(|tool| view! { <span class="mono">{tool}</span> });
    let content = message.content.clone().filter(|c| !c.is_empty());
    let input = message.input.clone().filter(|c| !c.is_empty());
    let output = message.output.clone().filter(|c| !c.is_empty());
    view! {
        <li class=format!("transcript-entry entry-{kind}")>
            <p class="entry-head">
                <span class="entry-kind">{t(label)}</span>
                " "
                {tool}
            </p>
            {content.map(|c| view! { <PlainText text=c /> })}
            {input.map(|c| view! { <pre class="entry-code">{c}</pre> })}
            {output.map(|c| view! { <pre class="entry-code">{c}</pre> })}
        </li>
    }
    .into_any()
}
