//! The toast context: short outcome messages ("Invitation revoked") waiting to be shown by
//! [`crate::components::toast::ToastRegion`].

use crate::api::ApiError;
use crate::i18n::Key;
use leptos::prelude::*;

/// What a toast says; kept as keys so it follows a locale change while shown.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Message {
    Text(Key, Vec<String>),
    Problem(Key, Vec<String>),
    Error(ApiError),
}

/// One shown toast.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Toast {
    pub(crate) id: u64,
    pub(crate) message: Message,
}

/// The toast context.
#[derive(Clone, Copy)]
pub struct Toasts {
    pub(crate) items: RwSignal<Vec<Toast>>,
    next_id: RwSignal<u64>,
}

/// How many toasts show at once; older ones give way.
const MAX_TOASTS: usize = 3;

/// How long a toast stays, in milliseconds.
#[cfg(feature = "hydrate")]
const TOAST_MS: u64 = 6000;

impl Toasts {
    /// Shows a success message.
    pub fn success(&self, key: Key) {
        self.push(Message::Text(key, Vec::new()));
    }

    /// Shows a success message whose `{}` placeholders are filled with `args`.
    pub fn success_with(&self, key: Key, args: &[&str]) {
        self.push(Message::Text(
            key,
            args.iter().map(|a| (*a).to_owned()).collect(),
        ));
    }

    /// Shows a failure of our own wording, `{}` filled with `args` (e.g. a partial failure).
    pub fn error_with(&self, key: Key, args: &[&str]) {
        self.push(Message::Problem(
            key,
            args.iter().map(|a| (*a).to_owned()).collect(),
        ));
    }

    /// Shows a failure, translated by its code.
    pub fn error(&self, error: ApiError) {
        self.push(Message::Error(error));
    }

    fn push(&self, message: Message) {
        let id = self.next_id.get_untracked();
        self.next_id.set(id + 1);
        self.items.update(|items| {
            items.push(Toast { id, message });
            // A burst of outcomes should not cover the page.
            let excess = items.len().saturating_sub(MAX_TOASTS);
            items.drain(..excess);
        });
        #[cfg(feature = "hydrate")]
        {
            let items = self.items;
            set_timeout(
                move || items.update(|items| items.retain(|t| t.id != id)),
                std::time::Duration::from_millis(TOAST_MS),
            );
        }
    }

    pub(crate) fn dismiss(&self, id: u64) {
        self.items.update(|items| items.retain(|t| t.id != id));
    }
}

/// Creates the toast context.
pub fn provide_toasts() -> Toasts {
    let toasts = Toasts {
        items: RwSignal::new(Vec::new()),
        next_id: RwSignal::new(0),
    };
    provide_context(toasts);
    toasts
}

/// The toast context.
pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}
