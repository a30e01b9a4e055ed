//! `/w/:slug/chat`: the person's chats with agents. The list of sessions beside the open one
//! (`?session=<id>`): its messages, the latest run's status and live transcript, and the box
//! to send the next message. Sending asks the agent for work, so it is re-checked with core's
//! invoke rule first and a refusal from the server is shown where the message was typed.

mod conversation;

use crate::api;
use crate::components::empty_state::EmptyState;
use crate::components::form::{FormError, FormState};
use crate::components::loaded::Loaded;
use crate::components::modal::Modal;
use crate::components::page_title::PageTitle;
use crate::contexts::session::use_session;
use crate::contexts::work::{load_work_directory, WorkDirectory};
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, use_i18n, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::chat::{ChatSession, CreateChatSessionRequest};
use agentry_core::{AgentId, ChatSessionId};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct PageData {
    sessions: Vec<ChatSession>,
    work: WorkDirectory,
}

/// The chat page.
#[component]
pub fn Chat() -> AnyView {
    let ws = use_workspace();
    let query = use_query_map();
    let selected = Memo::new(move |_| {
        query
            .with(|q| q.get("session"))
            .and_then(|raw| ChatSessionId::parse(&raw))
    });
    let data = Resource::new(
        move || ws.id.get(),
        |id| {
            let sessions = api::call_known(
                id.map(|workspace| endpoints::chat::ListSessions { workspace }),
                &(),
                "no such workspace",
            );
            let work = load_work_directory(id);
            async move {
                Ok(PageData {
                    sessions: sessions.await?,
                    work: work.await?,
                })
            }
        },
    );
    let new_open = RwSignal::new(false);
    view! {
        <PageTitle key=Key::NavChat />
        <div class="page-head">
            <h1>{t(Key::NavChat)}</h1>
            <button type="button" class="btn btn-primary" on:click=move |_| new_open.set(true)>
                {t(Key::NewChat)}
            </button>
        </div>
        <Loaded
            resource=data
            view={move |page: Signal<PageData>| {
                let work = Signal::derive(move || page.with(|p| p.work.clone()));
                let sessions = Signal::derive(move || page.with(|p| p.sessions.clone()));
                let on_changed = Callback::new(move |()| data.refetch());
                view! {
                    <div class="chat-layout">
                        <SessionList sessions work selected />
                        {move || match selected.get() {
                            Some(id) => view! { <conversation::Conversation id work on_changed /> }.into_any(),
                            None => view! {
                                <EmptyState title=Key::PickChatTitle body=Key::PickChatBody />
                            }.into_any(),
                        }}
                    </div>
                    <NewChatDialog open=new_open work on_created=on_changed />
                }
            }}
        />
    }
    .into_any()
}

#[component]
fn SessionList(
    sessions: Signal<Vec<ChatSession>>,
    work: Signal<WorkDirectory>,
    selected: Memo<Option<ChatSessionId>>,
) -> AnyView {
    let ws = use_workspace();
    let locale = use_i18n().locale;
    let items = move || {
        sessions
            .get()
            .into_iter()
            .map(|s| {
                let id = s.id;
                let href = ws.href(&format!("chat?session={id}"));
                let agent = work
                    .with(|w| w.agent_name(s.agent_id))
                    .unwrap_or_else(|| Key::UnknownAgent.text(locale.get()).to_owned());
                let current = move || selected.get() == Some(id);
                view! {
                    <li class:is-current=current>
                        <A href=href attr:aria-current=move || current().then_some("page")>
                            <span class="chat-title">{s.title.clone()}</span>
                            <span class="muted">{agent}</span>
                        </A>
                        {(s.status == "archived").then(|| view! { <span class="badge badge-archived">{t(Key::Archived)}</span> })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <nav class="chat-sessions" aria-label=t(Key::ChatSessions)>
            {move || match sessions.with(Vec::is_empty) {
                true => view! { <p class="muted">{t(Key::NoChats)}</p> }.into_any(),
                false => view! { <ul>{items}</ul> }.into_any(),
            }}
        </nav>
    }
    .into_any()
}

/// "New chat": pick one of the agents the person may ask for work.
#[component]
fn NewChatDialog(
    open: RwSignal<bool>,
    work: Signal<WorkDirectory>,
    on_created: Callback<()>,
) -> AnyView {
    view! {
        <Modal open id="new-chat-title" title=Key::NewChat>
            <NewChatForm open work on_created />
        </Modal>
    }
    .into_any()
}

#[component]
fn NewChatForm(
    open: RwSignal<bool>,
    work: Signal<WorkDirectory>,
    on_created: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let navigate = use_navigate();
    let form = FormState::new();
    let agent = RwSignal::new(None::<AgentId>);
    let agents = Memo::new(move |_| {
        let me = session.current().map(|me| me.user.id);
        work.with(|w| w.invokable(me, ws.role_state.get()))
    });
    let general_error = form.general_error(&[]);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let (Some(workspace), Some(agent_id)) = (ws.id.get_untracked(), agent.get_untracked())
        else {
            return;
        };
        let call = api::call(
            &endpoints::chat::CreateSession { workspace },
            &CreateChatSessionRequest {
                agent_id,
                title: None,
            },
        );
        let navigate = navigate.clone();
        form.submit(call, move |created: ChatSession| {
            open.set(false);
            on_created.run(());
            navigate(
                &ws.href_untracked(&format!("chat?session={}", created.id)),
                Default::default(),
            );
        });
    };
    view! {
        <form class="form" novalidate=true on:submit=on_submit>
            {move || match agents.with(Vec::is_empty) {
                true => view! { <p class="note">{t(Key::NoAgentsToChat)}</p> }.into_any(),
                false => {
                    let options = agents
                        .get()
                        .into_iter()
                        .map(|a| view! { <option value=a.id.to_string()>{a.name.clone()}</option> })
                        .collect_view();
                    view! {
                        <div class="field">
                            <label for="new-chat-agent">{t(Key::ChatAgent)}</label>
                            <select
                                id="new-chat-agent"
                                data-autofocus="true"
                                aria-describedby="new-chat-agent-hint"
                                on:change=move |ev| agent.set(AgentId::parse(&event_target_value(&ev)))
                            >
                                <option value="">{t(Key::PickAgent)}</option>
                                {options}
                            </select>
                            <p class="field-hint" id="new-chat-agent-hint">{t(Key::AssigneeHint)}</p>
                        </div>
                    }
                    .into_any()
                }
            }}
            <FormError error=general_error />
            <div class="dialog-actions">
                <button type="button" class="btn" on:click=move |_| open.set(false)>{t(Key::Cancel)}</button>
                <button
                    type="submit"
                    class="btn btn-primary"
                    disabled=move || form.busy.get() || agent.get().is_none()
                >
                    {t(Key::StartChat)}
                </button>
            </div>
        </form>
    }
    .into_any()
}
