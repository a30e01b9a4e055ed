//! Reading an agent's create and update bodies: every field validated by `core`
//! (`agentry_core::agents::fields`) into the stored form.

use crate::db::agents::{AgentFields, AgentRow};
use crate::error::ApiError;
use agentry_core::agents::fields;
use agentry_core::agents::Field;
use agentry_core::api::agents::{CreateAgentRequest, UpdateAgentRequest};
use agentry_core::RuntimeId;
use serde_json::Value;
use uuid::Uuid;

/// The fields of a new agent.
pub fn create(body: &CreateAgentRequest) -> Result<AgentFields, ApiError> {
    Ok(AgentFields {
        name: fields::agent_name(&body.name)?,
        description: fields::agent_description(body.description.as_deref())?,
        instructions: fields::instructions(body.instructions.as_deref().unwrap_or_default())?,
        runtime_id: runtime(body.runtime_id)?,
        mcp_config: mcp_config(body.mcp_config.as_ref().unwrap_or(&Value::Null))?,
        custom_args: custom_args(body.custom_args.as_deref().unwrap_or_default())?,
        max_concurrent_tasks: fields::max_concurrent_tasks(body.max_concurrent_tasks)?,
    })
}

/// The stored fields with the keys present in `body` replaced; `null` clears the nullable
/// ones (`description`, `runtime_id`, `mcp_config`) and is refused for the others.
pub fn update(current: &AgentRow, body: &UpdateAgentRequest) -> Result<AgentFields, ApiError> {
    let mut merged = AgentFields::of(current);
    if let Some(name) = required("name", &body.name)? {
        merged.name = fields::agent_name(name)?;
    }
    match &body.description {
        Field::Absent => {}
        Field::Null => merged.description = None,
        Field::Value(text) => merged.description = fields::agent_description(Some(text))?,
    }
    if let Some(text) = required("instructions", &body.instructions)? {
        merged.instructions = fields::instructions(text)?;
    }
    if let Some(runtime_id) = body.runtime_id.clone().into_patch() {
        merged.runtime_id = runtime(runtime_id)?;
    }
    match &body.mcp_config {
        Field::Absent => {}
        Field::Null => merged.mcp_config = None,
        Field::Value(config) => merged.mcp_config = mcp_config(config)?,
    }
    if let Some(args) = required("custom_args", &body.custom_args)? {
        merged.custom_args = custom_args(args)?;
    }
    if let Some(n) = required("max_concurrent_tasks", &body.max_concurrent_tasks)? {
        merged.max_concurrent_tasks = fields::max_concurrent_tasks(Some(*n))?;
    }
    Ok(merged)
}

/// A key that may be absent but not `null`.
fn required<'a, T>(key: &str, field: &'a Field<T>) -> Result<Option<&'a T>, ApiError> {
    match field {
        Field::Absent => Ok(None),
        Field::Null => Err(ApiError::invalid(
            key,
            "required",
            format!("{key} cannot be null"),
        )),
        Field::Value(value) => Ok(Some(value)),
    }
}

/// The runtime id, typed. Whether the agent may use that runtime needs the database
/// and the agent's owner: see `check_runtime` in the agents routes.
fn runtime(runtime_id: Option<Uuid>) -> Result<Option<RuntimeId>, ApiError> {
    Ok(runtime_id.map(RuntimeId))
}

fn mcp_config(raw: &Value) -> Result<Option<String>, ApiError> {
    Ok(fields::mcp_config(raw)?.map(|map| Value::Object(map).to_string()))
}

fn custom_args(raw: &[String]) -> Result<String, ApiError> {
    let args = fields::custom_args(raw)?;
    Ok(serde_json::to_string(&args).unwrap_or_else(|_| "[]".into()))
}
