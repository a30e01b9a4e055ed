//! Permission input parsing (`core::agents::input` and `parse`) from any JSON body of the
//! shapes a client can send: known words, near misses, UUIDs in several spellings, wrong JSON
//! types, `null` and missing keys. It must never panic; what it accepts must be a setting the
//! UI may save (`is_access_change_ready`) and well formed (private has no targets, every
//! target has an id, the workspace target is this workspace, no repeats); a parsed setting
//! sent back by a client parses to itself; the body's keys survive a write and read back; and
//! an update that touches no access key keeps access as it is.

#![no_main]

use agentry_core::agents::{
    is_access_change_ready, parse_permission_input, PermissionChange, PermissionInput,
    PermissionMode, TargetType,
};
use agentry_core::WorkspaceId;
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

const WORKSPACE: &str = "6f1c2b4e-0d7a-4c7e-9a51-3b2f8e1d0c9a";
const OTHER: &str = "0b7e5c1a-2f3d-4e6b-8a9c-1d2e3f4a5b6c";

/// A string a client might send: a word the parser knows, a near miss, an id, or anything.
#[derive(Arbitrary, Debug)]
enum Text {
    Known(u8),
    Any(String),
}

impl Text {
    fn value(&self) -> String {
        const WORDS: [&str; 16] = [
            "private",
            "public_to",
            "workspace",
            "member",
            "team",
            "",
            " ",
            "PRIVATE",
            "public",
            " workspace",
            WORKSPACE,
            OTHER,
            " 6f1c2b4e-0d7a-4c7e-9a51-3b2f8e1d0c9a ",
            "6F1C2B4E-0D7A-4C7E-9A51-3B2F8E1D0C9A",
            "6f1c2b4e0d7a4c7e9a513b2f8e1d0c9a",
            "{0b7e5c1a-2f3d-4e6b-8a9c-1d2e3f4a5b6c}",
        ];
        match self {
            Text::Known(n) => WORDS[usize::from(*n) % WORDS.len()].to_owned(),
            Text::Any(s) => s.clone(),
        }
    }
}

/// One JSON key: missing, `null`, a string, or a value of the wrong type.
#[derive(Arbitrary, Debug)]
enum Key<T> {
    Absent,
    Null,
    Number(i64),
    Object,
    Value(T),
}

impl<T> Key<T> {
    fn put(&self, map: &mut Map<String, Value>, name: &str, value: impl Fn(&T) -> Value) {
        let json = match self {
            Key::Absent => return,
            Key::Null => Value::Null,
            Key::Number(n) => json!(n),
            Key::Object => json!({"value": "private"}),
            Key::Value(v) => value(v),
        };
        map.insert(name.to_owned(), json);
    }
}

#[derive(Arbitrary, Debug)]
struct Target {
    target_type: Key<Text>,
    target_id: Key<Text>,
}

#[derive(Arbitrary, Debug)]
struct Body {
    permission_mode: Key<Text>,
    invocation_targets: Key<Vec<Target>>,
    visibility: Key<Text>,
    is_create: bool,
}

impl Body {
    fn json(&self) -> Map<String, Value> {
        let text = |t: &Text| Value::String(t.value());
        let mut map = Map::new();
        self.permission_mode.put(&mut map, "permission_mode", text);
        self.visibility.put(&mut map, "visibility", text);
        self.invocation_targets
            .put(&mut map, "invocation_targets", |targets| {
                Value::Array(
                    targets
                        .iter()
                        .map(|t| {
                            let mut entry = Map::new();
                            t.target_type.put(&mut entry, "target_type", text);
                            t.target_id.put(&mut entry, "target_id", text);
                            Value::Object(entry)
                        })
                        .collect(),
                )
            });
        map
    }
}

fuzz_target!(|body: Body| {
    let workspace = WorkspaceId::parse(WORKSPACE).unwrap();
    let Ok(input) = PermissionInput::from_json_map(&body.json()) else {
        return;
    };
    // The keys a client sent, null or not, survive being written and read again.
    let Value::Object(written) = serde_json::to_value(&input).unwrap() else {
        panic!("a permission input is written as an object");
    };
    assert_eq!(
        PermissionInput::from_json_map(&written).as_ref(),
        Ok(&input)
    );

    let Ok(change) = parse_permission_input(&input, workspace, body.is_create) else {
        return;
    };
    let setting = match change {
        PermissionChange::Keep => {
            assert!(!body.is_create, "create never keeps: {input:?}");
            return;
        }
        PermissionChange::Set(setting) => setting,
    };
    if !body.is_create {
        assert!(
            input.touches_access(),
            "{input:?} changed access without touching it"
        );
    }
    assert!(
        is_access_change_ready(Some(&setting)),
        "{input:?} gave {setting:?}"
    );
    let targets = &setting.invocation_targets;
    match setting.permission_mode {
        PermissionMode::Private => assert!(targets.is_empty(), "{setting:?}"),
        PermissionMode::PublicTo => {
            for target in targets {
                assert!(target.target_id.is_some(), "{setting:?}");
                if target.target_type == TargetType::Workspace {
                    assert_eq!(target.target_id, Some(workspace.0), "{setting:?}");
                }
            }
            let distinct: BTreeSet<_> = targets.iter().collect();
            assert_eq!(distinct.len(), targets.len(), "repeats in {setting:?}");
        }
    }
    // What the server stored and shows is what a client sends back: it parses to itself.
    let resent = PermissionInput::from_setting(&setting);
    for is_create in [true, false] {
        assert_eq!(
            parse_permission_input(&resent, workspace, is_create),
            Ok(PermissionChange::Set(setting.clone())),
            "{setting:?}"
        );
    }
});
