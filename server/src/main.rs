//! The `agentry` server binary: read the configuration, connect, migrate, serve.

use agentry_server::config::{Config, LogFormat};
use agentry_server::{app, db::Db, secrets, state::AppState, workers};
use anyhow::Context;
use clap::Parser;
use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tracing_subscriber::EnvFilter;

/// Stack for each runtime thread. Server rendering walks the whole page's view tree
/// recursively; an unoptimised (debug) build, which the test run serves the browser tests
/// from, needs more than the default 2 MiB for the larger pages.
const WORKER_STACK_BYTES: usize = 8 * 1024 * 1024;

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(WORKER_STACK_BYTES)
        .build()
        .context("starting the async runtime")?
        .block_on(serve())
}

async fn serve() -> anyhow::Result<()> {
    let config = Config::parse();
    let filter = EnvFilter::try_new(&config.log_filter).unwrap_or_else(|_| EnvFilter::new("info"));
    match config.log_format {
        LogFormat::Text => tracing_subscriber::fmt().with_env_filter(filter).init(),
        LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init(),
    }
    let master_key = secrets::load_or_create(&config.data_dir)?;
    let db = Db::connect(&config.database_url(), config.db_max_connections).await?;
    tracing::info!(backend = ?db.backend, "database ready");
    if !config.site_root.join("pkg").join("agentry.wasm").exists() {
        tracing::warn!(site_root = %config.site_root.display(), "web bundle not found; pages will not hydrate (run `make build`)");
    }
    let bind = config.bind;
    let public_url = config.public_url();
    let state = AppState::new(db, config, master_key);
    tokio::spawn(workers::housekeeping(state.clone()));
    tokio::spawn(workers::runtime_sweeper(state.clone()));
    tokio::spawn(workers::task_sweeper(state.clone()));
    tokio::spawn(workers::autopilot_scheduler(state.clone()));
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("binding {bind}"))?;
    tracing::info!("Agentry is listening on {public_url}");
    println!("Agentry is running at {public_url}");
    // On SIGTERM or Ctrl-C: stop accepting, end the live event streams (they never end by
    // themselves), let requests in flight finish, and exit after SHUTDOWN_DEADLINE whatever
    // is still open, so a stuck connection can never keep the process alive.
    let began = Arc::new(Notify::new());
    let events = state.events.clone();
    let serve = axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown({
        let began = began.clone();
        async move {
            shutdown_signal().await;
            events.close();
            began.notify_one();
        }
    });
    tokio::select! {
        served = serve.into_future() => served?,
        () = async {
            began.notified().await;
            tokio::time::sleep(SHUTDOWN_DEADLINE).await;
        } => tracing::warn!(
            seconds = SHUTDOWN_DEADLINE.as_secs(),
            "connections still open after the shutdown deadline; exiting anyway"
        ),
    }
    tracing::info!("stopped");
    Ok(())
}

/// How long a graceful shutdown may wait for open connections.
const SHUTDOWN_DEADLINE: Duration = Duration::from_secs(5);

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}
