//! Key presence survives JSON in both directions.

use super::*;
use crate::agents::testing::{user, ws};
use serde_json::json;

#[test]
fn missing_null_and_value_keys_stay_distinct() {
    let body = json!({"permission_mode": null, "visibility": "workspace"});
    let input = PermissionInput::from_json_map(body.as_object().unwrap()).unwrap();
    assert_eq!(input.permission_mode, Field::Null);
    assert_eq!(input.visibility, Field::Value("workspace".to_owned()));
    assert_eq!(input.invocation_targets, Field::Absent);
    let derived: PermissionInput = serde_json::from_value(body).unwrap();
    assert_eq!(derived, input);
}

#[test]
fn absent_keys_are_not_serialised_and_null_keys_are() {
    let input = PermissionInput {
        permission_mode: Field::Null,
        ..PermissionInput::default()
    };
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({"permission_mode": null})
    );
}

#[test]
fn a_request_touches_access_by_mode_or_targets_key_or_non_null_visibility() {
    let touches = |body: serde_json::Value| {
        PermissionInput::from_json_map(body.as_object().unwrap())
            .unwrap()
            .touches_access()
    };
    assert!(!touches(json!({"description": "x"})));
    assert!(!touches(json!({"visibility": null})));
    assert!(touches(json!({"visibility": ""})));
    assert!(touches(json!({"permission_mode": null})));
    assert!(touches(json!({"invocation_targets": null})));
}

#[test]
fn a_setting_sent_as_input_parses_back_to_itself() {
    let setting = AccessSetting {
        permission_mode: crate::agents::PermissionMode::PublicTo,
        invocation_targets: vec![
            InvocationTarget::member(user(1)),
            InvocationTarget::workspace(ws()),
        ],
    };
    let wire = serde_json::to_value(PermissionInput::from_setting(&setting)).unwrap();
    let back: PermissionInput = serde_json::from_value(wire).unwrap();
    assert_eq!(
        crate::agents::parse_permission_input(&back, ws(), false),
        Ok(crate::agents::PermissionChange::Set(setting))
    );
}

#[test]
fn patch_fields_map_to_nested_options() {
    assert_eq!(Field::<u8>::Absent.into_patch(), None);
    assert_eq!(Field::<u8>::Null.into_patch(), Some(None));
    assert_eq!(Field::Value(3).into_patch(), Some(Some(3)));
}
