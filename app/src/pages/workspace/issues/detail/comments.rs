//! The issue's comments, oldest first, and the box to write one. `@` opens the mention list
//! (people, and the agents the person may ask for work); mentions go as ids. After sending,
//! what the comment did to each agent is said: queued, folded into a waiting run, already
//! running, or blocked with the reason.

use crate::api;
use crate::components::error_view::ErrorView;
use crate::components::form::{FormError, FormState};
use crate::components::loading::Loading;
use crate::components::work::mention::{mentions_in, CommentBox, Mentionable};
use crate::components::work::text::PlainText;
use crate::contexts::session::use_session;
use crate::contexts::work::WorkDirectory;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::work::{trigger_key, work_error_key, work_validation_text};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::issues::{
    Comment, CommentCreated, CreateCommentRequest, Issue, PartyRef, PartyType, TriggerResult,
};
use agentry_core::work::fields::comment_content;
use agentry_core::Locale;
use leptos::prelude::*;

/// One line per agent the comment asked.
fn trigger_lines(created: &CommentCreated, work: &WorkDirectory, locale: Locale) -> Vec<String> {
    created
        .triggered
        .iter()
        .map(|t| {
            let name = work
                .agent_name(t.agent_id)
                .unwrap_or_else(|| Key::UnknownAgent.text(locale).to_owned());
            let mut line = fill(trigger_key(t.result).text(locale), &[&name]);
            if t.result == TriggerResult::Blocked {
                let reason = t
                    .reason_code
                    .as_deref()
                    .and_then(work_error_key)
                    .unwrap_or(Key::ErrInvocationNotAllowed);
                line = format!("{line} {}", reason.text(locale));
            }
            line
        })
        .collect()
}

/// The comments and the box.
#[component]
pub fn Comments(issue: Signal<Issue>, work: Signal<WorkDirectory>, tick: RwSignal<u32>) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let locale = use_i18n().locale;
    // Browser-only, like the sub-issues (created inside the page's Transition).
    let comments = LocalResource::new(move || {
        tick.track();
        let endpoint = ws
            .id
            .get()
            .map(|workspace| endpoints::issues::ListComments {
                workspace,
                id: issue.with(|i| i.id.to_string()),
            });
        api::call_known(endpoint, &(), "no such issue")
    });
    let content = RwSignal::new(String::new());
    let picked = RwSignal::new(Vec::<Mentionable>::new());
    let outcome = RwSignal::new(Vec::<String>::new());
    let form = FormState::new();
    let (content_error, _) = form.field_error_in(
        "content",
        content,
        |v| comment_content(v).map(|_| ()),
        work_validation_text,
    );
    let general_error = form.general_error(&["content"]);
    let candidates = Signal::derive(move || {
        let me = session.current().map(|me| me.user.id);
        let role = ws.role_state.get();
        work.with(|w| {
            let people = w.directory.members.iter().map(|m| Mentionable {
                party: PartyRef {
                    kind: PartyType::Member,
                    id: m.user_id.0,
                },
                name: m.name.clone(),
            });
            let agents = w.invokable(me, role).into_iter().map(|a| Mentionable {
                party: PartyRef {
                    kind: PartyType::Agent,
                    id: a.id.0,
                },
                name: a.name,
            });
            agents.chain(people).collect::<Vec<_>>()
        })
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let text = content.get_untracked();
        if comment_content(&text).is_err() {
            return;
        }
        let Some(workspace) = ws.id.get_untracked() else {
            return;
        };
        let mentions = picked.with_untracked(|p| mentions_in(&text, p));
        let id = issue.with_untracked(|i| i.id.to_string());
        let request = CreateCommentRequest {
            content: text,
            mentions,
            parent_id: None,
        };
        let call = api::call(
            &endpoints::issues::CreateComment { workspace, id },
            &request,
        );
        form.submit(call, move |created: CommentCreated| {
            let lines = work.with_untracked(|w| trigger_lines(&created, w, locale.get_untracked()));
            outcome.set(lines);
            content.set(String::new());
            picked.set(Vec::new());
            form.reset();
            comments.refetch();
        });
    };
    view! {
        <section class="issue-section" aria-labelledby="issue-comments-heading">
            <h2 id="issue-comments-heading">{t(Key::Comments)}</h2>
            {move || match comments.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error retry=move || comments.refetch() /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="muted">{t(Key::NoComments)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ol class="comment-list">
                        {list.into_iter().map(|c| view! { <CommentItem comment=c work /> }).collect_view()}
                    </ol>
                }.into_any(),
            }}
            <form class="form comment-form" novalidate=true on:submit=on_submit>
                <CommentBox
                    id="comment-content"
                    label=Key::AddComment
                    content
                    picked
                    candidates
                    hint=Key::MentionHint
                />
                <p class="field-error" aria-live="polite">{move || content_error.get()}</p>
                <FormError error=general_error />
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                    {t(Key::SendComment)}
                </button>
            </form>
            <ul class="trigger-outcome" aria-live="polite">
                {move || outcome.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn CommentItem(comment: Comment, work: Signal<WorkDirectory>) -> AnyView {
    let locale = use_i18n().locale;
    let author = comment.author.clone();
    let is_agent = author.kind == "agent";
    let name = move || match author.kind.as_str() {
        "system" => Key::SystemAuthor.text(locale.get()).to_owned(),
        _ => work
            .with(|w| w.party_name(&author))
            .unwrap_or_else(|| Key::FormerMember.text(locale.get()).to_owned()),
    };
    let text = comment.content.clone();
    view! {
        <li class="comment" class:is-agent=is_agent class:is-system=comment.kind == "system">
            <p class="comment-head">
                <strong>{name}</strong>
                {is_agent.then(|| view! { <span class="badge">{t(Key::MentionAgent)}</span> })}
                " "
                <time class="muted" datetime=comment.created_at.clone()>{comment.created_at.clone()}</time>
            </p>
            <PlainText text />
        </li>
    }
    .into_any()
}
