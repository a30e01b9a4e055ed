//! The Brief tab: what each kind of run of this agent is given (`GET /api/agents/{id}/brief`):
//! the file the daemon writes it to, its SHA-256 (the one a run's task page shows) and its
//! text, with a kind selector (a tablist: arrow keys, Home, End) and a Copy button.

use crate::api;
use crate::components::copy_field::copy_to_clipboard;
use crate::components::empty_state::EmptyState;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::components::tabs::{TabList, TabPanel};
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use agentry_core::api::agents::{Agent, BriefPreview};
use agentry_core::api::catalogue as endpoints;
use agentry_core::brief::TaskKind;
use leptos::prelude::*;

/// The kind's tab name (its wire spelling) and label.
fn kind_tab(kind: TaskKind) -> (&'static str, Key) {
    let key = match kind {
        TaskKind::Issue => Key::KindIssue,
        TaskKind::Autopilot => Key::KindAutopilot,
        TaskKind::QuickCreate => Key::KindQuickCreate,
        TaskKind::Chat => Key::KindChat,
    };
    (kind.as_str(), key)
}

/// The Brief tab.
#[component]
pub fn BriefTab(agent: Signal<Agent>) -> AnyView {
    let ws = use_workspace();
    let agent_id = Memo::new(move |_| agent.with(|a| a.id));
    // Browser-only, like the Runs tab; refetched when the agent changes (a saved edit of its
    // instructions changes the brief).
    let briefs = LocalResource::new(move || {
        let _ = agent.with(|a| a.updated_at.clone());
        api::call_known(
            ws.id.get().map(|workspace| endpoints::agents::Brief {
                workspace,
                id: agent_id.get(),
            }),
            &(),
            "no such agent",
        )
    });
    let kind = RwSignal::new(TaskKind::Issue.as_str());
    view! {
        <section class="card" aria-labelledby="agent-brief-heading">
            <h2 id="agent-brief-heading">{t(Key::TabBrief)}</h2>
            <p class="muted">{t(Key::BriefLead)}</p>
            {move || match briefs.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error retry=move || briefs.refetch() /> }.into_any(),
                Some(Ok(all)) if all.briefs.is_empty() => view! {
                    <EmptyState title=Key::NoBriefTitle body=Key::NoBriefBody />
                }.into_any(),
                Some(Ok(all)) => view! { <Briefs briefs=all.briefs kind /> }.into_any(),
            }}
        </section>
    }
    .into_any()
}

#[component]
fn Briefs(briefs: Vec<BriefPreview>, kind: RwSignal<&'static str>) -> AnyView {
    let tabs: Vec<(&'static str, Key)> = briefs.iter().map(|b| kind_tab(b.kind)).collect();
    let briefs = StoredValue::new(briefs);
    let on_select = Callback::new(move |next: &'static str| kind.set(next));
    view! {
        <TabList prefix="brief" label=Key::BriefKinds tabs selected=kind on_select />
        {move || {
            let name = kind.get();
            let shown = briefs.with_value(|all| {
                all.iter().find(|b| b.kind.as_str() == name).or(all.first()).cloned()
            });
            shown.map(|brief| view! {
                <TabPanel prefix="brief" name=kind_tab(brief.kind).0>
                    <OneBrief brief />
                </TabPanel>
            })
        }}
    }
    .into_any()
}

#[component]
fn OneBrief(brief: BriefPreview) -> AnyView {
    let toasts = use_toasts();
    let text = StoredValue::new(brief.text.clone());
    let copy = move |_| {
        text.with_value(|text| copy_to_clipboard(text));
        toasts.success(Key::Copied);
    };
    let file = match brief.file_name {
        Some(name) => view! { <dd class="mono" data-brief-file="">{name}</dd> }.into_any(),
        None => view! { <dd class="muted">{t(Key::BriefNoFile)}</dd> }.into_any(),
    };
    view! {
        <dl class="facts">
            <dt>{t(Key::BriefFile)}</dt>
            {file}
            <dt>{t(Key::BriefHash)}</dt>
            <dd class="mono break" data-brief-hash="">{brief.hash}</dd>
        </dl>
        {brief.per_autopilot.then(|| view! { <p class="note" role="note">{t(Key::BriefPerAutopilot)}</p> })}
        <div class="section-head">
            <h3 id="agent-brief-text-heading">{t(Key::BriefText)}</h3>
            <button type="button" class="btn" on:click=copy>{t(Key::CopyBrief)}</button>
        </div>
        // Focusable so a keyboard can scroll it.
        <pre class="entry-code brief-text" tabindex="0" aria-labelledby="agent-brief-text-heading">{brief.text}</pre>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_tab_named_by_its_wire_spelling() {
        let tabs: Vec<_> = TaskKind::ALL.into_iter().map(kind_tab).collect();
        for (kind, (name, _)) in TaskKind::ALL.into_iter().zip(&tabs) {
            assert_eq!(*name, kind.as_str());
        }
        let mut labels: Vec<String> = tabs.iter().map(|(_, key)| format!("{key:?}")).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), TaskKind::ALL.len());
    }
}
