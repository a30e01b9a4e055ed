//! The raw permission part of a create or update body, with key presence kept: [`Field`] tells
//! a missing key from an explicit `null` from a value, because the rules (§4.1 P7, §4.8 M2)
//! depend on it.

use super::model::InvocationTarget;
use super::scope::AccessSetting;
use crate::ValidationError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// One JSON key of a partial body: missing, `null`, or a value. Use with
/// `#[serde(default, skip_serializing_if = "Field::is_absent")]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Field<T> {
    /// The key was not sent.
    #[default]
    Absent,
    /// The key was sent as `null`.
    Null,
    /// The key was sent with a value.
    Value(T),
}

impl<T> Field<T> {
    /// The key was not sent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    /// The key was sent, `null` or not.
    pub fn is_present(&self) -> bool {
        !self.is_absent()
    }

    /// The value, if one was sent.
    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Value(value) => Some(value),
            _ => None,
        }
    }

    /// `None` when absent, `Some(None)` when `null`, `Some(Some(v))` with a value.
    pub fn into_patch(self) -> Option<Option<T>> {
        match self {
            Field::Absent => None,
            Field::Null => Some(None),
            Field::Value(value) => Some(Some(value)),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            None => Field::Null,
            Some(value) => Field::Value(value),
        })
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Value(value) => serializer.serialize_some(value),
            _ => serializer.serialize_none(),
        }
    }
}

/// One submitted target, unchecked: both keys may be missing or `null`; the parser decides.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetInput {
    /// Should be `workspace`, `member` or `team`.
    #[serde(default)]
    pub target_type: Option<String>,
    /// Required (a UUID) for member and team targets, ignored for workspace targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
}

impl From<&InvocationTarget> for TargetInput {
    fn from(target: &InvocationTarget) -> Self {
        Self {
            target_type: Some(target.target_type.as_str().to_owned()),
            target_id: target.target_id.map(|id| id.to_string()),
        }
    }
}

/// The permission keys of a create or update body, exactly as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PermissionInput {
    /// `private` or `public_to`; authoritative when present.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub permission_mode: Field<String>,
    /// The targets for `public_to`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<TargetInput>>))]
    pub invocation_targets: Field<Vec<TargetInput>>,
    /// Legacy `private` or `workspace`; used only when `permission_mode` is absent.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub visibility: Field<String>,
}

impl PermissionInput {
    /// Reads the three keys from a JSON object body. A key of the wrong JSON type (a number
    /// for a mode, an object for the targets, a numeric `target_id`) is a 400 naming the key.
    pub fn from_json_map(body: &Map<String, Value>) -> Result<Self, ValidationError> {
        Ok(Self {
            permission_mode: field(body, "permission_mode")?,
            invocation_targets: field(body, "invocation_targets")?,
            visibility: field(body, "visibility")?,
        })
    }

    /// The body a client sends to ask for `setting`.
    pub fn from_setting(setting: &AccessSetting) -> Self {
        Self {
            permission_mode: Field::Value(setting.permission_mode.as_str().to_owned()),
            invocation_targets: Field::Value(
                setting.invocation_targets.iter().map(Into::into).collect(),
            ),
            visibility: Field::Absent,
        }
    }

    /// §4.8 M2: the request touches access when `permission_mode` or `invocation_targets` is
    /// present (even `null`) or `visibility` is non-null.
    pub fn touches_access(&self) -> bool {
        self.permission_mode.is_present()
            || self.invocation_targets.is_present()
            || self.visibility.value().is_some()
    }
}

fn field<T: for<'de> Deserialize<'de>>(
    body: &Map<String, Value>,
    key: &str,
) -> Result<Field<T>, ValidationError> {
    match body.get(key) {
        None => Ok(Field::Absent),
        Some(raw) => Field::deserialize(raw).map_err(|e| {
            ValidationError::new(
                key,
                "invalid_type",
                format!("{key} has the wrong type: {e}"),
            )
        }),
    }
}

#[cfg(test)]
mod tests;
