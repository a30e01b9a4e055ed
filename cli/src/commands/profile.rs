//! `agentry runtime profile list|create|update|delete` (spec C.10 rules 58–61). Flags are
//! checked locally first, with the same `core` rules the server applies, so a bad command line
//! never becomes a request.

use super::table;
use crate::cli::{CreateArgs, Output, UpdateArgs};
use crate::client::{ApiClient, ApiError};
use crate::error::CliError;
use agentry_core::api::catalogue::runtime_profiles;
use agentry_core::api::runtimes::{
    CreateRuntimeProfileRequest, RuntimeInUse, RuntimeProfile, RuntimeProfileList,
    UpdateRuntimeProfileRequest,
};
use agentry_core::runtimes::{
    split_command_line, validate_command_name, validate_family, validate_fixed_args,
};
use agentry_core::WorkspaceId;

/// `list`: the workspace's profiles, disabled ones included.
pub async fn list(
    client: &ApiClient,
    workspace: WorkspaceId,
    output: Output,
) -> Result<String, CliError> {
    let mut list: RuntimeProfileList = client
        .call(&runtime_profiles::List { workspace }, &())
        .await?;
    list.runtime_profiles
        .sort_by(|a, b| a.display_name.cmp(&b.display_name));
    match output {
        Output::Json => to_json(&list),
        Output::Table => Ok(profile_table(&list.runtime_profiles)),
    }
}

/// `create`: validates the flags, then POSTs.
pub async fn create(
    client: &ApiClient,
    workspace: WorkspaceId,
    args: &CreateArgs,
) -> Result<String, CliError> {
    let body = create_request(args)?;
    let created: RuntimeProfile = client
        .call(&runtime_profiles::Create { workspace }, &body)
        .await?;
    render_one(&created, args.output)
}

/// `update`: PATCHes only the flags that were given.
pub async fn update(
    client: &ApiClient,
    workspace: WorkspaceId,
    args: &UpdateArgs,
) -> Result<String, CliError> {
    let id = super::profile_id(&args.id)?;
    let body = update_request(args)?;
    let update = runtime_profiles::Update { workspace, id };
    let updated: RuntimeProfile = client.call(&update, &body).await?;
    render_one(&updated, args.output)
}

/// `delete`: a 409 (agents still bound) is reported with the server's explanation.
pub async fn delete(
    client: &ApiClient,
    workspace: WorkspaceId,
    id: &str,
) -> Result<String, CliError> {
    let id = super::profile_id(id)?;
    match client
        .call(&runtime_profiles::Delete { workspace, id }, &())
        .await
    {
        Ok(()) => Ok(format!("Deleted runtime profile {id}.")),
        Err(ApiError::Status {
            status: 409,
            message,
            body,
        }) => Err(CliError::Server(format!(
            "cannot delete runtime profile {id}: {}",
            conflict_text(&message, &body)
        ))),
        Err(other) => Err(other.into()),
    }
}

/// The server's 409 message, plus the agents it names.
fn conflict_text(message: &str, body: &str) -> String {
    match serde_json::from_str::<RuntimeInUse>(body) {
        Ok(in_use) if !in_use.agents.is_empty() || in_use.hidden_agents > 0 => {
            let mut names: Vec<String> = in_use.agents.iter().map(|a| a.name.clone()).collect();
            if in_use.hidden_agents > 0 {
                names.push(format!("{} you cannot see", in_use.hidden_agents));
            }
            format!("{message} (agents: {})", names.join(", "))
        }
        _ => message.to_owned(),
    }
}

/// The create body, or the first problem with the flags.
pub fn create_request(args: &CreateArgs) -> Result<CreateRuntimeProfileRequest, CliError> {
    let family = super::non_blank(args.protocol_family.clone())
        .ok_or_else(|| CliError::usage("--protocol-family is required"))?;
    let family = validate_family(&family).map_err(|_| {
        CliError::usage(format!(
            "--protocol-family must be one of: {}",
            agentry_core::runtimes::family_list()
        ))
    })?;
    let display_name = super::non_blank(args.display_name.clone())
        .ok_or_else(|| CliError::usage("--display-name is required"))?;
    let (command_name, fixed_args) = command_flags(
        args.command.as_deref(),
        args.command_name.as_deref(),
        &args.args,
    )?
    .ok_or_else(|| {
        CliError::usage("--command-name is required (or give the whole line with --command)")
    })?;
    Ok(CreateRuntimeProfileRequest {
        display_name,
        protocol_family: family,
        command_name,
        description: super::non_blank(args.description.clone()),
        fixed_args: Some(fixed_args),
        enabled: args.disabled.then_some(false),
    })
}

/// The update body with only the given flags, or an error when none was given.
pub fn update_request(args: &UpdateArgs) -> Result<UpdateRuntimeProfileRequest, CliError> {
    let mut body = UpdateRuntimeProfileRequest {
        display_name: args.display_name.clone(),
        description: args.description.clone(),
        enabled: args.enabled,
        ..Default::default()
    };
    if args.command.is_some() || args.command_name.is_some() {
        if let Some((command, fixed_args)) = command_flags(
            args.command.as_deref(),
            args.command_name.as_deref(),
            &args.args,
        )? {
            body.command_name = Some(command);
            // `--command-name` alone keeps the stored arguments; a whole line replaces them.
            if args.command.is_some() || !args.args.is_empty() {
                body.fixed_args = Some(fixed_args);
            }
        }
    } else if !args.args.is_empty() {
        validate_fixed_args(&args.args)
            .map_err(|e| CliError::usage(format!("--arg: {}", e.message)))?;
        body.fixed_args = Some(args.args.clone());
    }
    if body == UpdateRuntimeProfileRequest::default() {
        return Err(CliError::usage(
            "nothing to update: give at least one of --display-name, --command-name (or --command), \
             --arg, --description, --enabled",
        ));
    }
    Ok(body)
}

/// The command and fixed arguments from `--command "line"` or `--command-name` + `--arg`s.
fn command_flags(
    line: Option<&str>,
    name: Option<&str>,
    args: &[String],
) -> Result<Option<(String, Vec<String>)>, CliError> {
    let (command, fixed_args) = match (line, name.map(str::trim).filter(|n| !n.is_empty())) {
        (Some(line), _) => {
            let split =
                split_command_line(line).map_err(|e| CliError::usage(format!("--command: {e}")))?;
            (split.command, split.args)
        }
        (None, Some(name)) => (name.to_owned(), args.to_vec()),
        (None, None) => return Ok(None),
    };
    let command = validate_command_name(&command)
        .map_err(|e| CliError::usage(format!("--command-name: {}", e.message)))?;
    validate_fixed_args(&fixed_args)
        .map_err(|e| CliError::usage(format!("--arg: {}", e.message)))?;
    Ok(Some((command, fixed_args)))
}

fn render_one(profile: &RuntimeProfile, output: Output) -> Result<String, CliError> {
    match output {
        Output::Json => to_json(profile),
        Output::Table => Ok(profile_table(std::slice::from_ref(profile))),
    }
}

fn to_json(value: &impl serde::Serialize) -> Result<String, CliError> {
    serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Server(format!("the answer cannot be printed as JSON: {e}")))
}

/// ID, DISPLAY_NAME, PROTOCOL_FAMILY, COMMAND_NAME, ENABLED, in the given order.
pub fn profile_table(profiles: &[RuntimeProfile]) -> String {
    let rows: Vec<Vec<String>> = profiles
        .iter()
        .map(|p| {
            vec![
                p.id.to_string(),
                p.display_name.clone(),
                p.protocol_family.clone(),
                p.command_name.clone(),
                p.enabled.to_string(),
            ]
        })
        .collect();
    table::render(
        &[
            "ID",
            "DISPLAY_NAME",
            "PROTOCOL_FAMILY",
            "COMMAND_NAME",
            "ENABLED",
        ],
        &rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create_args() -> CreateArgs {
        CreateArgs {
            workspace: None,
            protocol_family: Some("claude".into()),
            display_name: Some(" Wrapped ".into()),
            command: None,
            command_name: Some("ccms".into()),
            args: vec!["start".into()],
            description: Some("  ".into()),
            disabled: false,
            output: Output::Json,
        }
    }

    fn update_args() -> UpdateArgs {
        UpdateArgs {
            id: "p".into(),
            workspace: None,
            display_name: None,
            command_name: None,
            command: None,
            args: vec![],
            description: None,
            enabled: None,
            output: Output::Json,
        }
    }

    #[test]
    fn each_missing_required_flag_is_named() {
        for (blank, flag) in [
            (0, "--protocol-family is required"),
            (1, "--display-name is required"),
            (2, "--command-name is required"),
        ] {
            let mut args = create_args();
            match blank {
                0 => args.protocol_family = Some("  ".into()),
                1 => args.display_name = None,
                _ => args.command_name = None,
            }
            let error = create_request(&args).unwrap_err();
            assert_eq!(error.exit_code(), 2);
            assert!(error.to_string().starts_with(flag), "{error}");
        }
    }

    #[test]
    fn an_unknown_family_is_refused_with_the_list_of_families() {
        let mut args = create_args();
        args.protocol_family = Some("gemini".into());
        let error = create_request(&args).unwrap_err().to_string();
        assert!(error.starts_with("--protocol-family"), "{error}");
        assert!(
            error.contains(&agentry_core::runtimes::family_list()),
            "{error}"
        );
    }

    #[test]
    fn a_whole_command_line_is_split_into_command_and_arguments() {
        let mut args = create_args();
        args.command_name = None;
        args.args = vec![];
        args.command = Some(r#"ccms start "q 36""#.into());
        let body = create_request(&args).unwrap();
        assert_eq!(body.command_name, "ccms");
        assert_eq!(body.fixed_args, Some(vec!["start".into(), "q 36".into()]));
        assert_eq!(body.display_name, "Wrapped");
        assert_eq!(body.description, None);
        assert_eq!(body.enabled, None);

        args.command = Some("claude | tee".into());
        assert!(create_request(&args)
            .unwrap_err()
            .to_string()
            .starts_with("--command:"));
    }

    #[test]
    fn a_command_name_with_spaces_is_refused_locally() {
        let mut args = create_args();
        args.command_name = Some("claude --model x".into());
        assert!(create_request(&args)
            .unwrap_err()
            .to_string()
            .starts_with("--command-name"));
    }

    #[test]
    fn update_sends_only_the_flags_given() {
        let mut args = update_args();
        args.enabled = Some(false);
        let body = update_request(&args).unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"enabled": false})
        );

        let mut args = update_args();
        args.command_name = Some("other".into());
        let body = update_request(&args).unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"command_name": "other"})
        );

        let mut args = update_args();
        args.command = Some("x --flag".into());
        let body = update_request(&args).unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"command_name": "x", "fixed_args": ["--flag"]})
        );
    }

    #[test]
    fn update_without_flags_names_the_flags_it_accepts() {
        let error = update_request(&update_args()).unwrap_err().to_string();
        for flag in [
            "--display-name",
            "--command-name",
            "--description",
            "--enabled",
        ] {
            assert!(error.contains(flag), "{error}");
        }
    }

    #[test]
    fn a_conflict_names_the_bound_agents() {
        let body = r#"{"error":"in use","code":"runtime_has_active_agents","agents":[{"id":"0195f0a0-0000-7000-8000-000000000001","name":"Ada"}]}"#;
        assert_eq!(conflict_text("in use", body), "in use (agents: Ada)");
        assert_eq!(conflict_text("in use", ""), "in use");
    }
}
