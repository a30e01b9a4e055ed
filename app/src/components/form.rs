//! Form building blocks: per-form state (submitted, busy, the server's error), a labelled text
//! field showing its own error, and the form-level error line.

use crate::api::ApiError;
use crate::i18n::{t, use_i18n, Key};
use crate::messages::{api_error_text, error_field, validation_error_text};
use agentry_core::{Locale, ValidationError};
use leptos::{prelude::*, task::spawn_local};
use std::future::Future;

/// The state every form shares.
#[derive(Clone, Copy)]
pub struct FormState {
    /// Set on the first submit attempt, so untouched fields show their problems too.
    pub submitted: RwSignal<bool>,
    /// A request is in flight; the submit button is disabled meanwhile.
    pub busy: RwSignal<bool>,
    /// The last failure from the server.
    pub server: RwSignal<Option<ApiError>>,
    /// Each field's "was left" flag, so [`FormState::reset`] can clear them.
    touched: RwSignal<Vec<RwSignal<bool>>>,
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
}

impl FormState {
    /// A fresh, untouched form.
    pub fn new() -> Self {
        Self {
            submitted: RwSignal::new(false),
            busy: RwSignal::new(false),
            server: RwSignal::new(None),
            touched: RwSignal::new(Vec::new()),
        }
    }

    /// Back to untouched after a successful submit that cleared the inputs, so the emptied
    /// fields do not complain.
    pub fn reset(&self) {
        self.submitted.set(false);
        self.server.set(None);
        self.touched
            .with_untracked(|all| all.iter().for_each(|t| t.set(false)));
    }

    /// Starts a submit: marks the form submitted and clears the last server error.
    pub fn begin(&self) {
        self.submitted.set(true);
        self.server.set(None);
    }

    /// The error to show under `field`: the shared validation rule's answer once the field was
    /// left or the form submitted, else the server's error for that field (cleared on edit).
    pub fn field_error(
        &self,
        field: &'static str,
        value: RwSignal<String>,
        check: impl Fn(&str) -> Result<(), ValidationError> + Send + Sync + 'static,
    ) -> (Signal<Option<String>>, RwSignal<bool>) {
        self.field_error_in(field, value, check, validation_error_text)
    }

    /// Like [`FormState::field_error`], with the form's own wording of validation errors (for
    /// fields whose limits differ from the shared ones).
    pub fn field_error_in(
        &self,
        field: &'static str,
        value: RwSignal<String>,
        check: impl Fn(&str) -> Result<(), ValidationError> + Send + Sync + 'static,
        translate: fn(&ValidationError, Locale) -> String,
    ) -> (Signal<Option<String>>, RwSignal<bool>) {
        let touched = RwSignal::new(false);
        self.touched.update_untracked(|all| all.push(touched));
        let server = self.server;
        let submitted = self.submitted;
        let locale = use_i18n().locale;
        Effect::watch(
            move || value.get(),
            move |_, _, _| {
                if server.with_untracked(|e| is_for(e, field)) {
                    server.set(None);
                }
            },
            false,
        );
        let error = Signal::derive(move || {
            let locale = locale.get();
            let local = if touched.get() || submitted.get() {
                value.with(|v| check(v)).err()
            } else {
                None
            };
            local.map(|e| translate(&e, locale)).or_else(|| {
                server.with(|e| {
                    e.as_ref()
                        .filter(|e| error_field(e) == Some(field))
                        .map(|e| api_error_text(e, locale))
                })
            })
        });
        (error, touched)
    }

    /// Sends the form: busy (the submit button disabled) while `call` is in flight; on success
    /// `done` runs with the answer (clearing inputs, the success toast, reloading); on failure
    /// the server's error is kept, shown under the field it names or on the form's error line,
    /// and nothing typed is lost.
    pub fn submit<T: 'static>(
        &self,
        call: impl Future<Output = Result<T, ApiError>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        let form = *self;
        form.busy.set(true);
        spawn_local(async move {
            match call.await {
                Ok(answer) => done(answer),
                Err(e) => form.server.set(Some(e)),
            }
            form.busy.set(false);
        });
    }

    /// Like [`FormState::submit`] for a success that has more to wait for (reloading the
    /// session, then navigating): the form stays busy until `done` has finished.
    pub fn submit_then<T: 'static, F: Future<Output = ()> + 'static>(
        &self,
        call: impl Future<Output = Result<T, ApiError>> + 'static,
        done: impl FnOnce(T) -> F + 'static,
    ) {
        let form = *self;
        form.busy.set(true);
        spawn_local(async move {
            match call.await {
                Ok(answer) => done(answer).await,
                Err(e) => form.server.set(Some(e)),
            }
            form.busy.set(false);
        });
    }

    /// The server's error when it names none of `fields` (those show beside their input).
    pub fn general_error(&self, fields: &'static [&'static str]) -> Signal<Option<String>> {
        let server = self.server;
        let locale = use_i18n().locale;
        Signal::derive(move || {
            server.with(|e| {
                e.as_ref()
                    .filter(|e| !error_field(e).is_some_and(|f| fields.contains(&f)))
                    .map(|e| api_error_text(e, locale.get()))
            })
        })
    }
}

fn is_for(error: &Option<ApiError>, field: &str) -> bool {
    error.as_ref().and_then(error_field) == Some(field)
}

/// A labelled input with an optional hint and its error beneath, wired with `aria-describedby`.
#[component]
pub fn TextField(
    /// The element id (the label's `for`), unique on the page.
    #[prop(into)]
    id: String,
    /// The visible label.
    label: Key,
    /// The value, two-way bound.
    value: RwSignal<String>,
    /// The input type.
    #[prop(default = "text")]
    input_type: &'static str,
    /// The `autocomplete` hint.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// The field's error, if any.
    #[prop(optional, into)]
    error: MaybeProp<String>,
    /// Set when the field was left, to start showing validation problems.
    #[prop(optional)]
    touched: Option<RwSignal<bool>>,
    /// Disables the input.
    #[prop(optional, into)]
    disabled: MaybeProp<bool>,
    /// A help text under the label.
    #[prop(optional)]
    hint: Option<Key>,
    /// Marks the field required.
    #[prop(optional)]
    required: bool,
    /// Takes the focus when its dialog opens.
    #[prop(optional)]
    autofocus: bool,
) -> AnyView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}</label>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{t(h)}</p> })}
            <input
                id=id.clone()
                name=id
                type=input_type
                autocomplete=autocomplete
                required=required
                data-autofocus=autofocus.then_some("true")
                value=value.get_untracked()
                bind:value=value
                disabled=move || disabled.get().unwrap_or(false)
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=described
                on:blur=move |_| {
                    if let Some(touched) = touched {
                        touched.set(true);
                    }
                }
            />
            <p class="field-error" id=error_id aria-live="polite">{move || error.get()}</p>
        </div>
    }
    .into_any()
}

/// A labelled multi-line input, like [`TextField`].
#[component]
pub fn TextArea(
    /// The element id (the label's `for`), unique on the page.
    #[prop(into)]
    id: String,
    /// The visible label.
    label: Key,
    /// The value, two-way bound.
    value: RwSignal<String>,
    /// Visible lines.
    #[prop(default = 3)]
    rows: u32,
    /// The field's error, if any.
    #[prop(optional, into)]
    error: MaybeProp<String>,
    /// Set when the field was left, to start showing validation problems.
    #[prop(optional)]
    touched: Option<RwSignal<bool>>,
    /// A help text under the label.
    #[prop(optional)]
    hint: Option<Key>,
) -> AnyView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}</label>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{t(h)}</p> })}
            <textarea
                id=id.clone()
                name=id
                rows=rows
                bind:value=value
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=described
                on:blur=move |_| {
                    if let Some(touched) = touched {
                        touched.set(true);
                    }
                }
            >
                {value.get_untracked()}
            </textarea>
            <p class="field-error" id=error_id aria-live="polite">{move || error.get()}</p>
        </div>
    }
    .into_any()
}

/// The form-level error (one not tied to a field), announced when it appears.
#[component]
pub fn FormError(
    /// The error text.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        error
            .get()
            .map(|text| view! { <p class="form-error" role="alert">{text}</p> })
    }
}
