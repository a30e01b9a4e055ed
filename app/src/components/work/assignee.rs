//! The assignee picker: nobody, a member, or one of the agents the person may ask for work
//! (core's invoke rule, as the server applies it). An agent already assigned whom the person
//! may not run stays shown, disabled, so the picker never misstates who has the issue.

use crate::contexts::session::use_session;
use crate::contexts::work::WorkDirectory;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, use_i18n, Key};
use agentry_core::api::issues::{PartyRef, PartyType};
use leptos::prelude::*;

/// `member:<uuid>` / `agent:<uuid>`, the picker's option values.
pub fn encode(party: Option<PartyRef>) -> String {
    party
        .map(|p| format!("{}:{}", p.kind.as_str(), p.id))
        .unwrap_or_default()
}

/// The party an option value names; `None` for "nobody" or anything malformed.
pub fn decode(raw: &str) -> Option<PartyRef> {
    let (kind, id) = raw.split_once(':')?;
    Some(PartyRef {
        kind: PartyType::parse(kind)?,
        id: uuid::Uuid::parse_str(id).ok()?,
    })
}

/// A labelled `<select>` of assignees; `on_pick` runs with the choice.
#[component]
pub fn AssigneeSelect(
    /// The element id, unique on the page.
    id: &'static str,
    /// The current assignee.
    #[prop(into)]
    value: Signal<Option<PartyRef>>,
    /// People and agents.
    work: Signal<WorkDirectory>,
    /// Called with the new choice.
    on_pick: Callback<Option<PartyRef>>,
    /// While true the picker cannot be used (a save in flight).
    #[prop(optional, into)]
    disabled: MaybeProp<bool>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let locale = use_i18n().locale;
    let hint_id = format!("{id}-hint");
    let me = Memo::new(move |_| session.current().map(|me| me.user.id));
    let members = move || {
        let current = value.get();
        work.with(|w| {
            w.directory
                .members
                .iter()
                .map(|m| {
                    let party = PartyRef {
                        kind: PartyType::Member,
                        id: m.user_id.0,
                    };
                    // `selected` for the server's HTML; `prop:value` keeps it right afterwards.
                    view! {
                        <option value=encode(Some(party)) selected=current == Some(party)>
                            {m.name.clone()}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    let agents = move || {
        let current = value.get();
        let role = ws.role_state.get();
        let me = me.get();
        work.with(|w| {
            w.agents
                .iter()
                .filter_map(|a| {
                    let allowed = w.may_invoke(a, me, role).is_allowed();
                    let party = PartyRef {
                        kind: PartyType::Agent,
                        id: a.id.0,
                    };
                    let assigned = current == Some(party);
                    (allowed || assigned).then(|| {
                        let label = match allowed {
                            true => a.name.clone(),
                            false => {
                                format!("{} ({})", a.name, Key::ReasonNotShared.text(locale.get()))
                            }
                        };
                        view! {
                            <option value=encode(Some(party)) disabled=!allowed selected=assigned>
                                {label}
                            </option>
                        }
                    })
                })
                .collect_view()
        })
    };
    view! {
        <div class="field">
            <label for=id>{t(Key::ColAssignee)}</label>
            <select
                id=id
                aria-describedby=hint_id.clone()
                prop:value=move || encode(value.get())
                disabled=move || disabled.get().unwrap_or(false)
                on:change=move |ev| on_pick.run(decode(&event_target_value(&ev)))
            >
                <option value="">{t(Key::Unassigned)}</option>
                <optgroup label=t(Key::AssigneeMembers)>{members}</optgroup>
                <optgroup label=t(Key::AssigneeAgents)>{agents}</optgroup>
            </select>
            <p class="field-hint" id=hint_id>{t(Key::AssigneeHint)}</p>
        </div>
    }
    .into_any()
}
