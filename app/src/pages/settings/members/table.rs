//! The members table: one row per member (see [`super::row`]).

use super::row::MemberRow;
use crate::contexts::session::use_session;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use agentry_core::api::Member;
use agentry_core::Role;
use leptos::prelude::*;

/// The table of members.
#[component]
pub fn MembersTable(
    /// The members, reloaded in place.
    members: Signal<Vec<Member>>,
    /// How many owners there are now.
    owners: Signal<usize>,
    /// Called after a change, to reload the list.
    on_changed: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let me = Memo::new(move |_| session.current().map(|me| me.user.id));
    // Admins may manage everyone but owners; say so once rather than on every option.
    let admin_note = move || {
        (ws.role.get() == Role::Admin).then(|| {
            view! { <p class="note">{t(Key::DenyOwnerRoleRequiresOwner)}</p> }
        })
    };
    view! {
        {admin_note}
        <div class="table-wrap">
            <table class="table members-table">
                <thead>
                    <tr>
                        <th scope="col">{t(Key::ColName)}</th>
                        <th scope="col">{t(Key::ColEmail)}</th>
                        <th scope="col">{t(Key::Role)}</th>
                        <th scope="col">{t(Key::ColJoined)}</th>
                        <th scope="col">{t(Key::ColActions)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || members.get()
                        key=|m| (m.user_id, m.role, m.name.clone())
                        let:member
                    >
                        <MemberRow member owners me on_changed />
                    </For>
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
