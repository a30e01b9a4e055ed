//! The daemon registration body (`POST /api/daemon/register`): any bytes, and JSON bodies of
//! the shape a daemon sends built from known words, near misses, UUIDs in several spellings,
//! wrong JSON types, `null` and missing keys. Reading it and checking it
//! (`check_registration`, the server's own check) must never panic; a body read is written and
//! read back unchanged; a checked body keeps one profile id per entry, each a canonical UUID,
//! and its trimmed daemon id; and the naming helpers give trimmed, non-blank providers and names.

#![no_main]

use agentry_core::api::daemon::RegisterRequest;
use agentry_core::runtimes::register::{
    check_registration, device_info, normalize_provider, runtime_name,
};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

/// A string a daemon might send: a word or id the server knows, a near miss, or anything.
#[derive(Arbitrary, Debug)]
enum Text {
    Known(u8),
    Any(String),
}

impl Text {
    fn value(&self) -> String {
        const WORDS: [&str; 14] = [
            "",
            "  ",
            "claude",
            " Codex ",
            "offline",
            "online",
            "laptop",
            "6f1c2b4e-0d7a-4c7e-9a51-3b2f8e1d0c9a",
            " 6f1c2b4e-0d7a-4c7e-9a51-3b2f8e1d0c9a ",
            "0B7E5C1A-2F3D-4E6B-8A9C-1D2E3F4A5B6C",
            "0b7e5c1a2f3d4e6b8a9c1d2e3f4a5b6c",
            "{0b7e5c1a-2f3d-4e6b-8a9c-1d2e3f4a5b6c}",
            "urn:uuid:0b7e5c1a-2f3d-4e6b-8a9c-1d2e3f4a5b6c",
            "0b7e5c1a-2f3d-4e6b-8a9c-1d2e3f4a5b6",
        ];
        match self {
            Text::Known(n) => WORDS[usize::from(*n) % WORDS.len()].to_owned(),
            Text::Any(s) => s.clone(),
        }
    }
}

/// One JSON key: missing, `null`, a value of the wrong type, or a value.
#[derive(Arbitrary, Debug)]
enum Key<T> {
    Absent,
    Null,
    Number(i64),
    Value(T),
}

impl<T> Key<T> {
    fn put(&self, map: &mut Map<String, Value>, name: &str, value: impl Fn(&T) -> Value) {
        let json = match self {
            Key::Absent => return,
            Key::Null => Value::Null,
            Key::Number(n) => json!(n),
            Key::Value(v) => value(v),
        };
        map.insert(name.to_owned(), json);
    }
}

fn text(t: &Text) -> Value {
    Value::String(t.value())
}

#[derive(Arbitrary, Debug)]
struct Runtime {
    name: Key<Text>,
    kind: Key<Text>,
    version: Key<Text>,
    status: Key<Text>,
    profile_id: Key<Text>,
}

#[derive(Arbitrary, Debug)]
struct Failed {
    profile_id: Key<Text>,
    command_name: Key<Text>,
    reason: Key<Text>,
}

#[derive(Arbitrary, Debug)]
struct Body {
    workspace_id: Key<Text>,
    daemon_id: Key<Text>,
    legacy_daemon_ids: Key<Vec<Text>>,
    device_name: Key<Text>,
    cli_version: Key<Text>,
    runtimes: Key<Vec<Runtime>>,
    failed_profiles: Key<Vec<Failed>>,
}

impl Body {
    fn json(&self) -> Vec<u8> {
        let mut map = Map::new();
        self.workspace_id.put(&mut map, "workspace_id", text);
        self.daemon_id.put(&mut map, "daemon_id", text);
        self.legacy_daemon_ids
            .put(&mut map, "legacy_daemon_ids", |ids| {
                Value::Array(ids.iter().map(text).collect())
            });
        self.device_name.put(&mut map, "device_name", text);
        self.cli_version.put(&mut map, "cli_version", text);
        self.runtimes.put(&mut map, "runtimes", |entries| {
            Value::Array(
                entries
                    .iter()
                    .map(|r| {
                        let mut entry = Map::new();
                        r.name.put(&mut entry, "name", text);
                        r.kind.put(&mut entry, "type", text);
                        r.version.put(&mut entry, "version", text);
                        r.status.put(&mut entry, "status", text);
                        r.profile_id.put(&mut entry, "profile_id", text);
                        Value::Object(entry)
                    })
                    .collect(),
            )
        });
        self.failed_profiles
            .put(&mut map, "failed_profiles", |entries| {
                Value::Array(
                    entries
                        .iter()
                        .map(|f| {
                            let mut entry = Map::new();
                            f.profile_id.put(&mut entry, "profile_id", text);
                            f.command_name.put(&mut entry, "command_name", text);
                            f.reason.put(&mut entry, "reason", text);
                            Value::Object(entry)
                        })
                        .collect(),
                )
            });
        serde_json::to_vec(&map).unwrap()
    }
}

#[derive(Arbitrary, Debug)]
enum Input {
    Bytes(Vec<u8>),
    Body(Body),
}

fn is_canonical_uuid(id: &str) -> bool {
    id.len() == 36
        && id.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        })
}

fuzz_target!(|input: Input| {
    let bytes = match input {
        Input::Bytes(bytes) => bytes,
        Input::Body(body) => body.json(),
    };
    let Ok(request) = serde_json::from_slice::<RegisterRequest>(&bytes) else {
        return;
    };
    let written = serde_json::to_vec(&request).expect("a read body can be written");
    let reread: RegisterRequest = serde_json::from_slice(&written).expect("and read back");
    assert_eq!(reread, request);

    let Ok(checked) = check_registration(&request) else {
        return;
    };
    assert!(
        is_canonical_uuid(&checked.workspace_id.to_string()),
        "{checked:?}"
    );
    assert!(!checked.daemon_id.is_empty());
    assert_eq!(checked.daemon_id, checked.daemon_id.trim());
    assert_eq!(checked.device_name, checked.device_name.trim());
    assert_eq!(checked.runtime_profiles.len(), request.runtimes.len());
    assert_eq!(checked.failed_profiles.len(), request.failed_profiles.len());
    let ids = checked
        .runtime_profiles
        .iter()
        .chain(&checked.failed_profiles);
    assert!(
        ids.flatten().all(|id| is_canonical_uuid(&id.to_string())),
        "{checked:?}"
    );
    for entry in &request.runtimes {
        let provider = normalize_provider(&entry.kind);
        assert!(!provider.is_empty(), "{entry:?}");
        assert_eq!(provider, provider.trim(), "{entry:?}");
        let name = runtime_name(&entry.name, &provider, &checked.device_name);
        assert!(!name.trim().is_empty(), "{entry:?} named {name:?}");
        device_info(&checked.device_name, &entry.version);
    }
});
