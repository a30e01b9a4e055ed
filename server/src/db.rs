//! The database: one pool over SQLite or PostgreSQL through sqlx's `Any` driver, migrations per
//! backend, and the query modules, one per aggregate. Queries are portable SQL (`$n`
//! placeholders, TEXT ids, BIGINT millisecond timestamps); the few backend-specific statements
//! sit next to each other in the module that needs them.

pub mod agents;
pub mod audit;
pub mod autopilots;
pub mod chat;
pub mod comments;
pub mod connections;
pub mod daemon_tokens;
pub mod invitations;
pub mod issues;
pub mod members;
pub mod queue;
pub mod runtime_profiles;
pub mod runtimes;
pub mod sessions;
pub mod task_apps;
pub mod task_facts;
pub mod tasks;
pub mod teams;
pub mod tokens;
pub mod unique;
pub mod users;
pub mod workspaces;
pub mod write;

use crate::events::Events;
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::WorkspaceId;
use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Decode, Encode, Executor, Type};
use std::str::FromStr;
use std::time::Duration;
pub use write::Write;

/// Which database engine the pool talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The embedded default.
    Sqlite,
    /// For teams that outgrow one machine.
    Postgres,
}

/// The connection pool, the backend it talks to, and the hub its committed changes are
/// announced on.
#[derive(Clone, Debug)]
pub struct Db {
    /// The pool; every query module takes `&AnyPool` or a transaction.
    pub pool: AnyPool,
    /// The engine, for the rare statement that differs.
    pub backend: Backend,
    /// Live events; published only by [`Write::commit`] and [`Db::announce_committed`].
    pub events: Events,
    /// Where runs reach their connected apps (the server's public origin, for the MCP broker),
    /// set when connected apps are on: the queue needs it whenever it writes a task, and every
    /// task is written in a [`Write`], which carries it.
    pub apps_broker: Option<std::sync::Arc<str>>,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Db {
    /// Connects to `url` and runs pending migrations.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:");
        };
        if backend == Backend::Sqlite {
            // Make sure the file's folder exists; `mode=rwc` creates the file itself.
            let path = url
                .trim_start_matches("sqlite://")
                .trim_start_matches("sqlite:");
            let path = path.split('?').next().unwrap_or("");
            if let Some(parent) = std::path::Path::new(path).parent() {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("creating {}", parent.display()))?;
                }
            }
        }
        let options = AnyConnectOptions::from_str(url).context("parsing DATABASE_URL")?;
        let mut pool_options = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10));
        if backend == Backend::Sqlite {
            pool_options = pool_options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // WAL lets readers proceed during a write; the busy timeout makes writers
                    // queue instead of failing; SQLite leaves foreign keys off unless asked.
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    Ok(())
                })
            });
        }
        let pool = pool_options
            .connect_with(options)
            .await
            .context("connecting to the database")?;
        let migrator = match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&pool).await.context("running migrations")?;
        Ok(Db {
            pool,
            backend,
            apps_broker: None,
            events: Events::new(),
        })
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that has read cannot upgrade to a writer once
    /// another writer committed, and fails with SQLITE_BUSY instead of waiting its turn.
    /// The events the transaction announces are published when it commits (see [`Write`]).
    pub async fn begin_write(&self) -> Result<Write, sqlx::Error> {
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(Write::new(
            tx,
            self.events.clone(),
            self.apps_broker.clone(),
        ))
    }

    /// Publishes `event` for a change made by one statement outside a transaction, which
    /// committed on its own (a heartbeat, the offline sweep): everything else announces
    /// through [`Write::announce`].
    pub fn announce_committed(&self, event: ServerEvent) {
        self.events.publish(event);
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    (now.unix_timestamp_nanos() / 1_000_000) as i64
}

/// Formats stored milliseconds as RFC 3339 (UTC) for the API.
pub fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// Which of `ids` appear in `column` of `table` within the workspace, in one query. The `Any`
/// driver binds no arrays, so the list becomes `IN ($2, $3, …)`; callers bound its length
/// (`core::limits`) before they get here.
pub(crate) async fn existing_in_workspace<Id>(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    column: &str,
    workspace_id: WorkspaceId,
    ids: &[Id],
) -> Result<Vec<Id>, sqlx::Error>
where
    Id: Copy + Send + Unpin + Type<Any> + for<'q> Encode<'q, Any> + for<'r> Decode<'r, Any>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (2..ids.len() + 2).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT {column} FROM {table} WHERE workspace_id = $1 AND {column} IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_scalar::<_, Id>(&sql).bind(workspace_id);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(conn).await
}

/// A fresh random id for a new row; callers wrap it in the row's id type.
pub fn new_id() -> uuid::Uuid {
    uuid::Uuid::new_v4()
}
