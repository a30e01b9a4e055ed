//! The comment box: a textarea where typing `@` opens a list of the people and agents one may
//! mention, filtered as one types. The list is a real listbox (arrow keys, Enter or Tab to
//! pick, Escape to close, `aria-activedescendant` on the textarea), and a pick is stored as an
//! id, never parsed back out of the text: the text only shows `@Name`.

use crate::i18n::{t, Key};
use agentry_core::api::issues::{PartyRef, PartyType};
use leptos::prelude::*;

/// Someone who may be mentioned.
#[derive(Clone, Debug, PartialEq)]
pub struct Mentionable {
    /// Who.
    pub party: PartyRef,
    /// Their display name, inserted as `@Name`.
    pub name: String,
}

/// The most names the list shows at once.
const SHOWN: usize = 8;

/// The mentions still present in `content` (one deleted from the text no longer counts).
pub fn mentions_in(content: &str, picked: &[Mentionable]) -> Vec<PartyRef> {
    let mut out: Vec<PartyRef> = Vec::new();
    for m in picked {
        if content.contains(&format!("@{}", m.name)) && !out.contains(&m.party) {
            out.push(m.party);
        }
    }
    out
}

/// The `@word` being typed before `caret` (a byte offset): its start and the word. An `@`
/// counts at the start or after whitespace, and the word has no whitespace yet.
pub fn mention_query(text: &str, caret: usize) -> Option<(usize, String)> {
    let before = text.get(..caret)?;
    let at = before.rfind('@')?;
    let word = &before[at + 1..];
    let starts_word = before[..at]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    (starts_word && !word.chars().any(char::is_whitespace)).then(|| (at, word.to_owned()))
}

/// The candidates whose name contains `query`, agents and people alike, at most [`SHOWN`].
fn matching(candidates: &[Mentionable], query: &str) -> Vec<Mentionable> {
    let query = query.to_lowercase();
    candidates
        .iter()
        .filter(|c| c.name.to_lowercase().contains(&query))
        .take(SHOWN)
        .cloned()
        .collect()
}

/// The labelled textarea with its mention list. The caller owns the text and the picks.
#[component]
pub fn CommentBox(
    /// The textarea's id, unique on the page.
    id: &'static str,
    /// The visible label.
    label: Key,
    /// The text, two-way bound.
    content: RwSignal<String>,
    /// The people and agents picked so far.
    picked: RwSignal<Vec<Mentionable>>,
    /// Who may be mentioned.
    #[prop(into)]
    candidates: Signal<Vec<Mentionable>>,
    /// A help text under the label.
    #[prop(optional)]
    hint: Option<Key>,
) -> AnyView {
    let area = NodeRef::<leptos::html::Textarea>::new();
    let query = RwSignal::new(None::<(usize, String)>);
    let active = RwSignal::new(0usize);
    let list_id = format!("{id}-mentions");
    let hint_id = format!("{id}-hint");
    let options = Memo::new(move |_| {
        query.with(|q| {
            q.as_ref()
                .map(|(_, word)| candidates.with(|c| matching(c, word)))
                .unwrap_or_default()
        })
    });
    let open = move || !options.with(Vec::is_empty);
    let option_id = move |i: usize| format!("{id}-mention-{i}");
    // Re-reads the word under the caret after each edit or caret move.
    let refresh = move || {
        let Some((text, caret16)) = dom::caret(area) else {
            return;
        };
        let caret = byte_offset(&text, caret16);
        let found = mention_query(&text, caret);
        let same =
            query.with_untracked(|q| q.as_ref().map(|q| &q.1) == found.as_ref().map(|f| &f.1));
        if !same {
            active.set(0);
        }
        query.set(found);
    };
    let pick = move |choice: Mentionable| {
        let Some((at, word)) = query.get_untracked() else {
            return;
        };
        let inserted = format!("@{} ", choice.name);
        let mut caret = at;
        content.update(|text| {
            let end = (at + 1 + word.len()).min(text.len());
            text.replace_range(at..end, &inserted);
            caret = at + inserted.len();
        });
        picked.update(|list| {
            if !list.iter().any(|m| m.party == choice.party) {
                list.push(choice);
            }
        });
        query.set(None);
        let text = content.get_untracked();
        let pos = text[..caret].encode_utf16().count() as u32;
        dom::place_caret(area, &text, pos);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = options.with(Vec::len);
        if count == 0 {
            return;
        }
        match ev.key().as_str() {
            "ArrowDown" => active.update(|a| *a = (*a + 1) % count),
            "ArrowUp" => active.update(|a| *a = a.checked_sub(1).unwrap_or(count - 1)),
            "Enter" | "Tab" => {
                if let Some(choice) =
                    options.with_untracked(|o| o.get(active.get_untracked()).cloned())
                {
                    pick(choice);
                }
            }
            // Closes the list only, not a dialog around it.
            "Escape" => {
                ev.stop_propagation();
                query.set(None);
            }
            _ => return,
        }
        ev.prevent_default();
    };
    let list = move || {
        open().then(|| {
            let items = options
                .get()
                .into_iter()
                .enumerate()
                .map(|(i, choice)| {
                    let is_active = move || active.get() == i;
                    let kind = match choice.party.kind {
                        PartyType::Agent => Key::MentionAgent,
                        PartyType::Member => Key::MentionMember,
                    };
                    let name = choice.name.clone();
                    view! {
                        <li
                            role="option"
                            id=option_id(i)
                            class="mention-option"
                            class:is-active=is_active
                            aria-selected=move || is_active().to_string()
                            on:mousedown=move |ev| {
                                ev.prevent_default();
                                pick(choice.clone());
                            }
                        >
                            <span>{name}</span>
                            <span class="muted">{t(kind)}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <ul class="mention-list" role="listbox" id=list_id.clone() aria-label=t(Key::MentionListLabel)>
                    {items}
                </ul>
            }
        })
    };
    view! {
        <div class="field mention-field">
            <label for=id>{t(label)}</label>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id.clone()>{t(h)}</p> })}
            <textarea
                id=id
                name=id
                rows=4
                node_ref=area
                role="combobox"
                aria-autocomplete="list"
                aria-controls=format!("{id}-mentions")
                aria-expanded=move || open().to_string()
                aria-activedescendant=move || open().then(|| option_id(active.get()))
                aria-describedby=hint.map(|_| hint_id.clone())
                bind:value=content
                on:input=move |_| refresh()
                on:click=move |_| refresh()
                on:keyup=move |ev: leptos::ev::KeyboardEvent| {
                    if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight" | "Home" | "End") {
                        refresh();
                    }
                }
                on:keydown=on_keydown
                on:blur=move |_| query.set(None)
            >
                {content.get_untracked()}
            </textarea>
            {list}
        </div>
    }
    .into_any()
}

/// The textarea's text and caret; only the browser has them.
#[cfg(feature = "hydrate")]
mod dom {
    use leptos::prelude::*;

    pub fn caret(area: NodeRef<leptos::html::Textarea>) -> Option<(String, usize)> {
        let el = area.get_untracked()?;
        let caret = el.selection_start().ok().flatten().unwrap_or(0);
        Some((el.value(), caret as usize))
    }

    pub fn place_caret(area: NodeRef<leptos::html::Textarea>, text: &str, pos: u32) {
        if let Some(el) = area.get_untracked() {
            el.set_value(text);
            let _ = el.set_selection_range(pos, pos);
            let _ = el.focus();
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod dom {
    use leptos::prelude::*;

    pub fn caret(_: NodeRef<leptos::html::Textarea>) -> Option<(String, usize)> {
        None
    }

    pub fn place_caret(_: NodeRef<leptos::html::Textarea>, _: &str, _: u32) {}
}

/// The byte offset of the UTF-16 offset `units` in `text` (the DOM counts UTF-16 units).
fn byte_offset(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (at, c) in text.char_indices() {
        if seen >= units {
            return at;
        }
        seen += c.len_utf16();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_at_sign_starts_a_query_only_at_a_word_start() {
        assert_eq!(mention_query("hi @al", 6), Some((3, "al".into())));
        assert_eq!(mention_query("@", 1), Some((0, String::new())));
        assert_eq!(mention_query("mail a@b", 8), None);
        assert_eq!(mention_query("hi @al done", 11), None);
    }

    #[test]
    fn only_mentions_still_in_the_text_are_sent() {
        let alice = Mentionable {
            party: PartyRef {
                kind: PartyType::Member,
                id: uuid::Uuid::nil(),
            },
            name: "Alice".into(),
        };
        assert_eq!(
            mentions_in("thanks @Alice", std::slice::from_ref(&alice)).len(),
            1
        );
        assert!(mentions_in("thanks", &[alice]).is_empty());
    }

    #[test]
    fn utf16_offsets_map_to_byte_offsets() {
        assert_eq!(byte_offset("é@x", 1), 2);
        assert_eq!(byte_offset("😀@", 2), 4);
        assert_eq!(byte_offset("ab", 9), 2);
    }
}
