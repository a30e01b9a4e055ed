//! The unique constraints a write may break because of what the caller asked for, by name, and
//! the 409 each one means: one table, consulted wherever a database error becomes an API error,
//! instead of a match at every insert and update.

/// What a broken unique constraint means to the caller: a stable code and an English message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The error body's `code`.
    pub code: &'static str,
    /// The error body's `error`.
    pub message: &'static str,
}

/// One constraint: its name (as PostgreSQL reports it and both migrations declare it) and its
/// columns as SQLite's message lists them, since SQLite reports no constraint name.
struct Key {
    constraint: &'static str,
    sqlite_columns: &'static str,
    conflict: Conflict,
}

/// Constraints that only a random id or a token hash could break (primary keys, token hashes,
/// one runtime per daemon and provider) are absent on purpose: breaking one is a bug, a 500.
const KEYS: &[Key] = &[
    Key {
        constraint: "users_email_key",
        sqlite_columns: "users.email",
        conflict: Conflict {
            code: "email_taken",
            message: "an account with this email already exists",
        },
    },
    Key {
        constraint: "workspaces_slug_key",
        sqlite_columns: "workspaces.slug",
        conflict: Conflict {
            code: "slug_taken",
            message: "this slug is already in use",
        },
    },
    Key {
        constraint: "teams_workspace_name_key",
        sqlite_columns: "teams.workspace_id, teams.name",
        conflict: Conflict {
            code: "team_name_taken",
            message: "a team with this name already exists",
        },
    },
    Key {
        constraint: "agents_workspace_name_key",
        sqlite_columns: "agents.workspace_id, agents.name",
        conflict: Conflict {
            code: "agent_name_taken",
            message: "an agent with this name already exists in this workspace",
        },
    },
    Key {
        constraint: "runtime_profiles_workspace_display_name_key",
        sqlite_columns: "runtime_profiles.workspace_id, runtime_profiles.display_name",
        conflict: Conflict {
            code: "runtime_profile_name_taken",
            message: "a runtime profile with this display_name already exists in this workspace",
        },
    },
];

/// The conflict `err` means, when it broke one of the constraints above.
pub fn conflict(err: &sqlx::Error) -> Option<Conflict> {
    let db = err
        .as_database_error()
        .filter(|db| db.is_unique_violation())?;
    let key = match db.constraint() {
        Some(name) => KEYS.iter().find(|k| k.constraint == name),
        None => {
            let columns = db.message().strip_prefix("UNIQUE constraint failed: ")?;
            KEYS.iter().find(|k| k.sqlite_columns == columns)
        }
    };
    key.map(|k| k.conflict)
}

#[cfg(test)]
mod tests {
    use super::KEYS;

    const MIGRATIONS: [&str; 6] = [
        include_str!("../../migrations/postgres/0001_accounts_and_workspaces.sql"),
        include_str!("../../migrations/postgres/0002_agents.sql"),
        include_str!("../../migrations/postgres/0003_runtimes.sql"),
        include_str!("../../migrations/sqlite/0001_accounts_and_workspaces.sql"),
        include_str!("../../migrations/sqlite/0002_agents.sql"),
        include_str!("../../migrations/sqlite/0003_runtimes.sql"),
    ];

    #[test]
    fn every_mapped_constraint_is_declared_by_name_in_both_schemas() {
        for key in KEYS {
            let declared = MIGRATIONS
                .iter()
                .filter(|sql| sql.contains(&format!("CONSTRAINT {} UNIQUE", key.constraint)))
                .count();
            assert_eq!(
                declared, 2,
                "{} must be declared once per backend",
                key.constraint
            );
        }
    }

    #[test]
    fn sqlite_column_lists_name_the_constraint_table() {
        for key in KEYS {
            let table = key.constraint.split('_').next().unwrap_or_default();
            assert!(
                key.sqlite_columns.starts_with(table),
                "{} lists {}",
                key.constraint,
                key.sqlite_columns
            );
        }
    }
}
