//! `/w/:slug/settings/members`: the members table, leaving, inviting and pending invitations.

mod invitations;
mod invite;
mod leave;
mod row;
mod table;

use crate::api;
use crate::components::loaded::Loaded;
use crate::components::page_title::PageTitle;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::Member;
use agentry_core::roles::can_manage_invitations;
use leptos::prelude::*;

/// The members page.
#[component]
pub fn Members() -> AnyView {
    let ws = use_workspace();
    let members = Resource::new(
        move || ws.id.get(),
        |id| {
            let list = id.map(|workspace| endpoints::members::List { workspace });
            api::call_known(list, &(), "no such workspace")
        },
    );
    let may_see_invitations = Memo::new(move |_| can_manage_invitations(ws.role.get()).is_ok());
    let invitations = Resource::new(
        move || (ws.id.get(), may_see_invitations.get()),
        |(id, allowed)| {
            // Members may not list invitations; do not ask only to be refused.
            let request = allowed.then(|| {
                let list = id.map(|workspace| endpoints::invitations::List { workspace });
                api::call_known(list, &(), "no such workspace")
            });
            async move {
                match request {
                    Some(request) => request.await,
                    None => Ok(Vec::new()),
                }
            }
        },
    );
    let on_members_changed = Callback::new(move |()| members.refetch());
    let on_invited = Callback::new(move |()| invitations.refetch());
    view! {
        <PageTitle key=Key::NavMembers />
        <h1>{t(Key::NavMembers)}</h1>
        <section aria-labelledby="members-heading">
            <h2 id="members-heading" class="sr-only">{t(Key::NavMembers)}</h2>
            <Loaded
                resource=members
                view={move |list: Signal<Vec<Member>>| {
                    let owners: Signal<usize> = Memo::new(move |_| {
                        list.with(|l| l.iter().filter(|m| m.role == agentry_core::Role::Owner).count())
                    })
                    .into();
                    view! {
                        <table::MembersTable members=list owners on_changed=on_members_changed />
                        <leave::LeaveWorkspace owners />
                    }
                }}
            />
        </section>
        <invite::InviteForm on_created=on_invited />
        <invitations::PendingInvitations invitations on_changed=on_invited />
    }
    .into_any()
}
