//! P1–P10 as tables of JSON bodies, including §9 cases 1–8 and 35.

use super::*;
use crate::agents::testing::{team, user, ws};
use crate::agents::{is_access_change_ready, Visibility};
use serde_json::json;

const CREATE: bool = true;
const UPDATE: bool = false;

fn parse(body: serde_json::Value, is_create: bool) -> Result<PermissionChange, PermissionError> {
    let input = PermissionInput::from_json_map(body.as_object().unwrap())?;
    parse_permission_input(&input, ws(), is_create)
}

fn set(mode: PermissionMode, targets: &[InvocationTarget]) -> PermissionChange {
    PermissionChange::Set(AccessSetting {
        permission_mode: mode,
        invocation_targets: targets.to_vec(),
    })
}

fn private() -> PermissionChange {
    PermissionChange::Set(AccessSetting::private())
}

fn workspace() -> PermissionChange {
    PermissionChange::Set(AccessSetting::workspace(ws()))
}

/// (what, body, is_create, expected change or error (field, code))
type Row = (
    &'static str,
    serde_json::Value,
    bool,
    Result<PermissionChange, (&'static str, &'static str)>,
);

#[test]
fn permission_input_parses_by_p1_to_p10() {
    let (a, b) = (user(1).0.to_string(), user(2).0.to_string());
    let t = team(1).0.to_string();
    let member = |n| InvocationTarget::member(user(n));
    let w = InvocationTarget::workspace(ws());
    let mt = |kind: &str, id: &str| json!({"target_type": kind, "target_id": id});
    use PermissionMode::PublicTo;
    #[rustfmt::skip]
    let table: Vec<Row> = vec![
        ("nothing on update leaves access as it is", json!({"name": "x"}), UPDATE, Ok(PermissionChange::Keep)),
        ("nothing on create makes a private agent", json!({}), CREATE, Ok(private())),
        ("legacy workspace visibility means the workspace", json!({"visibility": "workspace"}), CREATE, Ok(workspace())),
        ("legacy private visibility means private", json!({"visibility": "private"}), CREATE, Ok(private())),
        ("an empty legacy visibility means private", json!({"visibility": ""}), UPDATE, Ok(private())),
        ("an unknown legacy visibility is refused", json!({"visibility": "public"}), CREATE, Err(("visibility", "invalid"))),
        ("a null legacy visibility is no input", json!({"visibility": null}), UPDATE, Ok(PermissionChange::Keep)),
        ("a present mode ignores even an invalid visibility", json!({"permission_mode": "private", "visibility": "bogus"}), UPDATE, Ok(private())),
        ("a present mode wins over a legacy visibility", json!({"permission_mode": "private", "visibility": "workspace"}), CREATE, Ok(private())),
        ("an empty mode means private", json!({"permission_mode": ""}), UPDATE, Ok(private())),
        ("a null mode on update is present and means private", json!({"permission_mode": null}), UPDATE, Ok(private())),
        ("a null mode on create is absent and falls back to visibility", json!({"permission_mode": null, "visibility": "workspace"}), CREATE, Ok(workspace())),
        ("a null mode on create with nothing else makes a private agent", json!({"permission_mode": null}), CREATE, Ok(private())),
        ("an unknown mode is refused", json!({"permission_mode": "public"}), UPDATE, Err(("permission_mode", "invalid"))),
        ("private ignores even invalid targets", json!({"permission_mode": "private", "invocation_targets": [{"target_type": "robot"}, mt("member", "nope")]}), CREATE, Ok(private())),
        ("public_to without targets means the workspace", json!({"permission_mode": "public_to"}), CREATE, Ok(workspace())),
        ("public_to with null targets means the workspace", json!({"permission_mode": "public_to", "invocation_targets": null}), UPDATE, Ok(workspace())),
        ("public_to with an empty list means the workspace", json!({"permission_mode": "public_to", "invocation_targets": []}), UPDATE, Ok(workspace())),
        ("a workspace target's submitted id is ignored", json!({"permission_mode": "public_to", "invocation_targets": [mt("workspace", "junk")]}), CREATE, Ok(workspace())),
        ("a member-only agent keeps its member target", json!({"permission_mode": "public_to", "invocation_targets": [mt("member", &a)]}), CREATE, Ok(set(PublicTo, &[member(1)]))),
        ("repeats collapse keeping first-seen order", json!({"permission_mode": "public_to", "invocation_targets": [mt("member", &b), {"target_type": "workspace"}, mt("member", &a), mt("member", &b.to_uppercase()), mt("workspace", &a)]}), UPDATE, Ok(set(PublicTo, &[member(2), w, member(1)]))),
        ("member and team targets are kept side by side", json!({"permission_mode": "public_to", "invocation_targets": [mt("member", &a), mt("team", &t)]}), CREATE, Ok(set(PublicTo, &[member(1), InvocationTarget::team(team(1))]))),
        ("ids are trimmed before parsing", json!({"permission_mode": "public_to", "invocation_targets": [mt("member", &format!(" {a} "))]}), CREATE, Ok(set(PublicTo, &[member(1)]))),
        ("a member target without an id is refused", json!({"permission_mode": "public_to", "invocation_targets": [{"target_type": "member"}]}), CREATE, Err(("invocation_targets", "target_id_required"))),
        ("a member target with an empty id is refused", json!({"permission_mode": "public_to", "invocation_targets": [mt("member", " ")]}), CREATE, Err(("invocation_targets", "target_id_required"))),
        ("a team target with a null id is refused", json!({"permission_mode": "public_to", "invocation_targets": [{"target_type": "team", "target_id": null}]}), CREATE, Err(("invocation_targets", "target_id_required"))),
        ("a member target with a non-UUID id is refused", json!({"permission_mode": "public_to", "invocation_targets": [mt("member", "bob")]}), UPDATE, Err(("invocation_targets", "invalid_target_id"))),
        ("a team target with a non-UUID id is refused", json!({"permission_mode": "public_to", "invocation_targets": [mt("team", "123")]}), UPDATE, Err(("invocation_targets", "invalid_target_id"))),
        ("an unknown target type is refused", json!({"permission_mode": "public_to", "invocation_targets": [mt("group", &a)]}), CREATE, Err(("invocation_targets", "invalid_target_type"))),
        ("a target without a type is refused", json!({"permission_mode": "public_to", "invocation_targets": [{}]}), CREATE, Err(("invocation_targets", "invalid_target_type"))),
        ("targets without a mode are refused on update (P8)", json!({"invocation_targets": [{"target_type": "workspace"}]}), UPDATE, Err(("permission_mode", "required"))),
        ("targets without a mode are refused on create too", json!({"invocation_targets": []}), CREATE, Err(("permission_mode", "required"))),
        ("null targets without a mode are no input", json!({"invocation_targets": null}), UPDATE, Ok(PermissionChange::Keep)),
        ("targets beside a legacy visibility are ignored", json!({"visibility": "private", "invocation_targets": [mt("member", &a)]}), UPDATE, Ok(private())),
        ("a mode of the wrong JSON type is refused", json!({"permission_mode": 1}), UPDATE, Err(("permission_mode", "invalid_type"))),
        ("targets that are not a list are refused", json!({"permission_mode": "public_to", "invocation_targets": "workspace"}), UPDATE, Err(("invocation_targets", "invalid_type"))),
        ("a numeric target id is refused", json!({"permission_mode": "public_to", "invocation_targets": [{"target_type": "member", "target_id": 7}]}), UPDATE, Err(("invocation_targets", "invalid_type"))),
    ];
    for (what, body, is_create, expected) in table {
        let got = parse(body, is_create).map_err(|e| (e.field, e.code));
        let got = got.as_ref().map_err(|(f, c)| (f.as_str(), c.as_str()));
        assert_eq!(got, expected.as_ref().map_err(|e| *e), "{what}");
    }
}

#[test]
fn the_p8_refusal_says_a_mode_is_required() {
    let err = parse(json!({"invocation_targets": []}), UPDATE).unwrap_err();
    assert_eq!(
        err.message,
        "permission_mode is required with invocation_targets"
    );
}

#[test]
fn every_parsed_setting_is_ready_and_derives_the_spec_visibility() {
    let a = user(1).0.to_string();
    let cases = [
        (json!({"visibility": "workspace"}), Visibility::Workspace),
        (json!({"visibility": "private"}), Visibility::Private),
        (
            json!({"permission_mode": "public_to"}),
            Visibility::Workspace,
        ),
        (
            json!({"permission_mode": "public_to", "invocation_targets": [{"target_type": "member", "target_id": a}]}),
            Visibility::Private,
        ),
    ];
    for (body, visibility) in cases {
        let PermissionChange::Set(setting) = parse(body.clone(), CREATE).unwrap() else {
            panic!("{body}")
        };
        assert!(is_access_change_ready(Some(&setting)), "{body}");
        assert_eq!(setting.visibility(), visibility, "{body}");
    }
}

#[test]
fn targets_must_name_members_and_teams_of_the_workspace() {
    let members = [user(1)];
    let teams = [team(1)];
    let check = |targets: &[InvocationTarget]| {
        check_targets_in_workspace(targets, |u| members.contains(&u), |t| teams.contains(&t))
            .map_err(|e| e.code)
    };
    let w = InvocationTarget::workspace(ws());
    assert_eq!(check(&[w, InvocationTarget::member(user(1))]), Ok(()));
    assert_eq!(check(&[InvocationTarget::team(team(1))]), Ok(()));
    assert_eq!(
        check(&[InvocationTarget::member(user(9))]).unwrap_err(),
        "target_not_member"
    );
    assert_eq!(
        check(&[InvocationTarget::team(team(9))]).unwrap_err(),
        "target_unknown_team"
    );
}
