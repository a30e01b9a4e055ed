//! `/invite/:token`: what an invitation offers, and accepting it.

mod card;

use crate::api;
use crate::components::{error_view::ErrorView, loading::Loading, page_title::PageTitle};
use crate::contexts::session::use_session;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

/// The invitation page; works signed in or out.
#[component]
pub fn Invite() -> AnyView {
    let session = use_session();
    let params = use_params_map();
    let token = Memo::new(move |_| params.read().get("token").unwrap_or_default());
    let preview = Resource::new(
        move || token.get(),
        |token| api::call(&endpoints::invitations::Preview { token }, &()),
    );
    view! {
        <PageTitle key=Key::InviteTitle />
        <main class="page-centered">
            <div class="card invite-card">
                <p class="brand brand-large">{t(Key::AppName)}</p>
                <Transition fallback=|| view! { <Loading /> }>
                    {move || session.me.with(|_| ())}
                    {move || {
                        preview
                            .get()
                            .map(|result| match result {
                                Ok(preview) => {
                                    view! { <card::InvitationCard preview token=token.get_untracked() /> }
                                        .into_any()
                                }
                                Err(error) => {
                                    view! {
                                        <h1>{t(Key::InviteTitle)}</h1>
                                        <ErrorView error />
                                        <p>
                                            <A href="/">{t(Key::GoHome)}</A>
                                        </p>
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Transition>
            </div>
        </main>
    }
    .into_any()
}
