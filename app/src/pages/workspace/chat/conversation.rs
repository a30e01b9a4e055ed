//! One chat: its messages, the latest run (status, link, live transcript), the box to send the
//! next message and "Archive". Sending is offered only while core's invoke rule lets the person
//! ask the agent for work; otherwise the reason is shown instead, and a refusal from the
//! server after the click is shown on the form.

use crate::api;
use crate::components::error_view::ErrorView;
use crate::components::form::{FormError, FormState, TextArea};
use crate::components::loading::Loading;
use crate::components::runtimes::live::on_work_events;
use crate::components::work::run_badge::RunBadge;
use crate::components::work::text::PlainText;
use crate::components::work::transcript::Transcript;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::contexts::work::WorkDirectory;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, use_i18n, Key};
use crate::messages::agents::client_decision_key;
use crate::messages::work::work_validation_text;
use agentry_core::agents::{ClientDecision, ClientReason};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::chat::CHAT_MESSAGE_MAX;
use agentry_core::api::chat::{ChatMessage, ChatSessionDetail, SendChatMessageRequest};
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::validate::{required_text, ValidationError};
use agentry_core::work::TaskStatus;
use agentry_core::ChatSessionId;
use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;

/// A message's text: core's rule, the one the server applies.
fn check_message(raw: &str) -> Result<(), ValidationError> {
    required_text("content", raw, CHAT_MESSAGE_MAX)
}

/// The open chat.
#[component]
pub fn Conversation(
    id: ChatSessionId,
    work: Signal<WorkDirectory>,
    on_changed: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let tick = RwSignal::new(0u32);
    // Browser-only: it is created inside the page's Transition (see the agents' panels).
    let detail = LocalResource::new(move || {
        tick.track();
        let endpoint = ws
            .id
            .get()
            .map(|workspace| endpoints::chat::ShowSession { workspace, id });
        api::call_known(endpoint, &(), "no such chat")
    });
    on_work_events(
        ws.id,
        Callback::new(move |event: Option<ServerEvent>| {
            let mine = match &event {
                Some(ServerEvent::TaskChanged {
                    chat_session_id, ..
                }) => *chat_session_id == Some(id),
                Some(_) => false,
                None => true,
            };
            if mine {
                tick.update(|n| *n += 1);
            }
        }),
    );
    view! {
        <section class="chat-conversation" aria-labelledby="chat-heading">
            {move || match detail.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error retry=move || detail.refetch() /> }.into_any(),
                Some(Ok(found)) => view! { <ConversationView detail=found work tick on_changed /> }.into_any(),
            }}
        </section>
    }
    .into_any()
}

#[component]
fn ConversationView(
    detail: ChatSessionDetail,
    work: Signal<WorkDirectory>,
    tick: RwSignal<u32>,
    on_changed: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let id = detail.session.id;
    let agent_id = detail.session.agent_id;
    let archived = detail.session.status == "archived";
    let agent_name = work
        .with_untracked(|w| w.agent_name(agent_id))
        .unwrap_or_else(|| Key::UnknownAgent.text(locale.get_untracked()).to_owned());
    // Re-gated on every render: access may have changed since the chat began.
    let decision = Memo::new(move |_| {
        let me = session.current().map(|me| me.user.id);
        work.with(|w| match w.agents.iter().find(|a| a.id == agent_id) {
            Some(agent) => w.may_invoke(agent, me, ws.role_state.get()),
            None => ClientDecision::Denied(ClientReason::PrivateVisibility),
        })
    });
    let form = FormState::new();
    let content = RwSignal::new(String::new());
    let (content_error, touched) =
        form.field_error_in("content", content, check_message, work_validation_text);
    let general_error = form.general_error(&["content"]);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let text = content.get_untracked();
        if check_message(&text).is_err() || !decision.get_untracked().is_allowed() {
            return;
        }
        let Some(workspace) = ws.id.get_untracked() else {
            return;
        };
        let call = api::call(
            &endpoints::chat::SendMessage { workspace, id },
            &SendChatMessageRequest { content: text },
        );
        form.submit(call, move |_| {
            content.set(String::new());
            form.reset();
            tick.update(|n| *n += 1);
        });
    };
    let archive = move |_| {
        let Some(workspace) = ws.id.get_untracked() else {
            return;
        };
        let call = api::call(&endpoints::chat::ArchiveSession { workspace, id }, &());
        spawn_local(async move {
            match call.await {
                Ok(_) => {
                    toasts.success(Key::ChatArchived);
                    on_changed.run(());
                    tick.update(|n| *n += 1);
                }
                Err(error) => toasts.error(error),
            }
        });
    };
    let latest = detail.latest_task.clone();
    let messages = detail.messages.clone();
    view! {
        <div class="section-head">
            <h2 id="chat-heading">{detail.session.title.clone()} " · " {agent_name}</h2>
            {(!archived).then(|| view! { <button type="button" class="btn" on:click=archive>{t(Key::ArchiveChat)}</button> })}
        </div>
        {match messages.is_empty() {
            true => view! { <p class="muted">{t(Key::NoMessages)}</p> }.into_any(),
            false => view! {
                <ol class="comment-list chat-messages">
                    {messages.into_iter().map(|m| view! { <MessageItem message=m /> }).collect_view()}
                </ol>
            }.into_any(),
        }}
        {latest.map(|run| {
            let status = TaskStatus::parse(&run.status).unwrap_or(TaskStatus::Queued);
            let href = ws.href_untracked(&format!("tasks/{}", run.task_id));
            view! {
                <p class="run-line" aria-live="polite">
                    <RunBadge status />
                    " "
                    <A href=href>{t(Key::ViewRun)}</A>
                </p>
                <details class="chat-transcript">
                    <summary>{t(Key::Transcript)}</summary>
                    <Transcript task=run.task_id tick />
                </details>
            }
        })}
        {match archived {
            true => view! { <p class="note">{t(Key::ErrChatArchived)}</p> }.into_any(),
            false => view! {
                <form class="form comment-form" novalidate=true on:submit=on_submit>
                    <TextArea id="chat-message" label=Key::ChatMessageLabel value=content rows=3 error=content_error touched />
                    {move || client_decision_key(decision.get()).map(|reason| view! {
                        <p class="reason" id="chat-send-reason">{t(reason)}</p>
                    })}
                    <FormError error=general_error />
                    <button
                        type="submit"
                        class="btn btn-primary"
                        aria-describedby="chat-send-reason"
                        disabled=move || form.busy.get() || !decision.get().is_allowed()
                    >
                        {t(Key::SendMessage)}
                    </button>
                </form>
            }.into_any(),
        }}
    }
    .into_any()
}

#[component]
fn MessageItem(message: ChatMessage) -> AnyView {
    let from_agent = message.role != "user";
    let who = match from_agent {
        true => Key::MentionAgent,
        false => Key::You,
    };
    let text = message.content.clone();
    view! {
        <li class="comment" class:is-agent=from_agent>
            <p class="comment-head">
                <strong>{t(who)}</strong>
                " "
                <time class="muted" datetime=message.created_at.clone()>{message.created_at.clone()}</time>
            </p>
            <PlainText text />
            {message.failure_reason.map(|reason| view! { <p class="field-error">{reason}</p> })}
        </li>
    }
    .into_any()
}
