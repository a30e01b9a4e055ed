//! One app's card: its logo, name and a subline (when it was last used, or its category), and
//! what may be done: connect, reconnect an expired connection, or disconnect after a confirm.

use super::logo::AppLogo;
use super::Connections;
use crate::api;
use crate::components::confirm::ConfirmDialog;
use crate::components::focus::focus_id;
use crate::components::runtimes::when::{ago, now_ms, parse_ms};
use crate::contexts::toasts::{use_toasts, Toasts};
use crate::i18n::{fill, t, use_i18n, Key};
use agentry_core::api::catalogue::integrations::{ConnectInit, Disconnect};
use agentry_core::api::integrations::{ConnectRequest, ConnectedApp, Toolkit};
use agentry_core::apps::toolkit_display_name;
use agentry_core::ConnectionId;
use leptos::{prelude::*, task::spawn_local};

/// What a card offers.
#[derive(Clone, Debug, PartialEq)]
pub enum CardState {
    /// An active connection: "Connected" and a disconnect button.
    Connected(ConnectedApp),
    /// A connection whose token expired: "Token expired" and "Reconnect".
    Expired,
    /// No connection yet: "Connect".
    Connectable,
    /// Nothing to do (the server lists only connectable apps; a backstop).
    Unavailable,
}

/// The card's state from the app and the caller's connection to it.
pub fn card_state(connectable: bool, connection: Option<&ConnectedApp>) -> CardState {
    match connection {
        Some(c) if c.status == "active" => CardState::Connected(c.clone()),
        Some(c) if c.status == "expired" => CardState::Expired,
        _ if connectable => CardState::Connectable,
        _ => CardState::Unavailable,
    }
}

/// The app's name as shown: the catalog's, else one made from its slug.
pub fn display_name(toolkit: &Toolkit) -> String {
    match toolkit.name.trim() {
        "" => toolkit_display_name(&toolkit.slug),
        name => name.to_owned(),
    }
}

/// One app.
#[component]
pub fn AppCard(
    toolkit: Toolkit,
    /// The caller's connection to it, if any.
    connection: Signal<Option<ConnectedApp>>,
    /// The slug whose connect is in flight, shared by every card.
    connecting: RwSignal<Option<String>>,
    /// Reloaded after a disconnect.
    connections: Connections,
) -> AnyView {
    let locale = use_i18n().locale;
    let name = display_name(&toolkit);
    let connectable = toolkit.connectable;
    let state = Memo::new(move |_| connection.with(|c| card_state(connectable, c.as_ref())));
    let category = toolkit.category.clone().unwrap_or_default();
    let has_connection = move || connection.with(Option::is_some);
    let subline = move || {
        let locale = locale.get();
        match connection.with(|c| c.as_ref().map(|c| c.last_used_at.clone())) {
            Some(Some(stamp)) => {
                let when = parse_ms(&stamp).map_or(stamp, |ms| ago(ms, now_ms(), locale));
                fill(Key::ComposioLastUsed.text(locale), &[&when])
            }
            Some(None) => Key::ComposioNeverUsed.text(locale).to_owned(),
            None => category.clone(),
        }
    };
    let action_id = format!("app-action-{}", toolkit.slug);
    let disconnect = Disconnecting::new(name.clone(), connections);
    // After a disconnect the button that had focus is gone: hand focus to "Connect".
    Effect::new({
        let action_id = action_id.clone();
        move |_| {
            if !matches!(state.get(), CardState::Connected(_)) && disconnect.refocus.get_untracked()
            {
                disconnect.refocus.set(false);
                focus_id(&action_id);
            }
        }
    });
    let connect = ConnectTarget {
        id: action_id,
        slug: toolkit.slug.clone(),
        name: name.clone(),
        connecting,
    };
    let action = move || match state.get() {
        CardState::Connected(_) => view! { <ConnectedActions disconnect /> }.into_any(),
        CardState::Expired => view! {
            <span class="app-status app-status-expired">{t(Key::ComposioExpired)}</span>
            <ConnectButton
                label=Key::ComposioReconnect
                named=Key::ComposioReconnectApp
                target=connect.clone()
            />
        }
        .into_any(),
        CardState::Connectable => view! {
            <ConnectButton
                label=Key::ComposioConnect
                named=Key::ComposioConnectApp
                target=connect.clone()
            />
        }
        .into_any(),
        CardState::Unavailable => ().into_any(),
    };
    let confirm_message = Signal::derive(move || {
        disconnect
            .name
            .with_value(|name| fill(Key::ComposioDisconnectBody.text(locale.get()), &[name]))
    });
    view! {
        <li class="app-card">
            <div class="app-card-head">
                <AppLogo name=name.clone() logo=toolkit.logo.clone() slug=toolkit.slug.clone() />
                <div class="app-card-text">
                    <h3 class="app-name">{name}</h3>
                    <p class="app-subline" class:app-category=move || !has_connection()>{subline}</p>
                </div>
            </div>
            <div class="app-card-actions">{action}</div>
            <ConfirmDialog
                open=disconnect.open
                title=Key::ComposioDisconnectTitle
                message=confirm_message
                confirm_label=Key::ComposioDisconnect
                busy_label=Key::ComposioDisconnecting
                busy=disconnect.busy
                on_confirm=move |()| {
                    if let Some(c) = connection.get_untracked() {
                        disconnect.send(c.id);
                    }
                }
            />
        </li>
    }
    .into_any()
}

/// "Connected" and the icon button that asks to disconnect.
#[component]
fn ConnectedActions(disconnect: Disconnecting) -> AnyView {
    let locale = use_i18n().locale;
    let label = move || {
        disconnect
            .name
            .with_value(|name| fill(Key::ComposioDisconnectApp.text(locale.get()), &[name]))
    };
    view! {
        <span class="app-status app-status-connected">
            <span class="status-dot" aria-hidden="true"></span>
            {t(Key::ComposioConnected)}
        </span>
        <button
            type="button"
            class="btn btn-quiet btn-icon"
            aria-label=label
            title=label
            on:click=move |_| disconnect.open.set(true)
        >
            <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
                <path d="M6 6l12 12M18 6L6 18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
            </svg>
        </button>
    }
    .into_any()
}

/// What a connect button needs besides its label.
#[derive(Clone)]
struct ConnectTarget {
    id: String,
    slug: String,
    /// The app's name, so each button's accessible name says which app it connects.
    name: String,
    connecting: RwSignal<Option<String>>,
}

/// "Connect" or "Reconnect": asks the server for the consent page and leaves for it. Disabled
/// while any connect is in flight; the one in flight says so.
#[component]
fn ConnectButton(
    /// The visible text ("Connect").
    label: Key,
    /// The accessible name, naming the app ("Connect {}").
    named: Key,
    target: ConnectTarget,
) -> AnyView {
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let ConnectTarget {
        id,
        slug,
        name,
        connecting,
    } = target;
    let mine = {
        let slug = slug.clone();
        move || connecting.with(|c| c.as_deref() == Some(slug.as_str()))
    };
    let mine_for_label = mine.clone();
    let start = move |_| {
        if connecting.with_untracked(Option::is_some) {
            return;
        }
        connecting.set(Some(slug.clone()));
        let request = api::call(
            &ConnectInit,
            &ConnectRequest {
                toolkit_slug: slug.clone(),
            },
        );
        spawn_local(async move {
            match request.await {
                // The page is left; the button stays busy until it is.
                Ok(link) if leave_for(&link.redirect_url) => {}
                Ok(_) => {
                    toasts.error_with(Key::ComposioConnectFailedToast, &[]);
                    connecting.set(None);
                }
                Err(e) => {
                    toasts.error(e);
                    connecting.set(None);
                }
            }
        });
    };
    view! {
        <button
            type="button"
            class="btn btn-primary btn-small"
            id=id
            // While in flight the visible "Connecting…" is the name.
            aria-label=move || (!mine_for_label()).then(|| fill(named.text(locale.get()), &[&name]))
            disabled=move || connecting.with(Option::is_some)
            on:click=start
        >
            {move || match mine() {
                true => view! {
                    <span class="spinner" aria-hidden="true"></span>
                    {t(Key::ComposioConnecting)}
                }
                    .into_any(),
                false => t(label).into_any(),
            }}
        </button>
    }
    .into_any()
}

/// Sends the browser to the consent page; false (staying) for anything but a web address.
fn leave_for(url: &str) -> bool {
    if !is_web_address(url) {
        return false;
    }
    #[cfg(feature = "hydrate")]
    if window().location().set_href(url).is_err() {
        return false;
    }
    true
}

/// An `http:` or `https:` address: never `javascript:` or another scheme.
fn is_web_address(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// One card's disconnect: the confirm dialog is open, the request in flight, and whether focus
/// must move once the card changes.
#[derive(Clone, Copy)]
struct Disconnecting {
    name: StoredValue<String>,
    open: RwSignal<bool>,
    busy: RwSignal<bool>,
    refocus: RwSignal<bool>,
    connections: Connections,
    toasts: Toasts,
}

impl Disconnecting {
    /// Closed and idle. Call it while the component is set up: it reads the toast context.
    fn new(name: String, connections: Connections) -> Self {
        Self {
            name: StoredValue::new(name),
            open: RwSignal::new(false),
            busy: RwSignal::new(false),
            refocus: RwSignal::new(false),
            connections,
            toasts: use_toasts(),
        }
    }

    /// Disconnects `id`: on success a toast and the connections reloaded, else the failure as
    /// a toast; the dialog closes either way.
    fn send(self, id: ConnectionId) {
        let Disconnecting {
            name,
            open,
            busy,
            refocus,
            connections,
            toasts,
        } = self;
        let name = name.get_value();
        busy.set(true);
        let request = api::call(&Disconnect { id }, &());
        spawn_local(async move {
            match request.await {
                Ok(()) => {
                    toasts.success_with(Key::ComposioDisconnected, &[&name]);
                    refocus.set(true);
                    connections.refetch();
                }
                Err(e) => toasts.error(e),
            }
            busy.set(false);
            open.set(false);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connection(status: &str) -> ConnectedApp {
        ConnectedApp {
            id: ConnectionId(uuid::Uuid::nil()),
            toolkit_slug: "notion".into(),
            status: status.into(),
            connected_at: "2026-01-01T00:00:00Z".into(),
            last_used_at: None,
        }
    }

    #[test]
    fn an_active_connection_is_connected_an_expired_one_asks_to_reconnect() {
        let active = connection("active");
        assert_eq!(
            card_state(true, Some(&active)),
            CardState::Connected(active.clone())
        );
        assert_eq!(
            card_state(true, Some(&connection("expired"))),
            CardState::Expired
        );
        assert_eq!(card_state(true, None), CardState::Connectable);
        assert_eq!(card_state(false, None), CardState::Unavailable);
        // A status this page does not know offers a fresh connect.
        assert_eq!(
            card_state(true, Some(&connection("initiated"))),
            CardState::Connectable
        );
    }

    #[test]
    fn only_web_addresses_are_followed() {
        assert!(is_web_address("https://connect.composio.dev/link/abc"));
        assert!(is_web_address("http://127.0.0.1:4010/consent/1"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("/settings/integrations"));
    }

    #[test]
    fn a_nameless_app_is_named_from_its_slug() {
        let toolkit = Toolkit {
            slug: "google_drive".into(),
            name: " ".into(),
            logo: None,
            category: None,
            connectable: true,
        };
        assert_eq!(display_name(&toolkit), "Google Drive");
    }
}
