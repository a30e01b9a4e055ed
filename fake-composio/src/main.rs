//! `fake-composio --port N --api-key K [--public-url URL]`: runs the fake in the foreground
//! and prints its base URL as the first line of stdout, for scripts to read.

use std::io::Write;
use std::time::Duration;

use clap::Parser;
use fake_composio::{start, FakeOptions};

#[derive(Parser, Debug)]
#[command(about = "A fake Composio v3.1 server for tests")]
struct Config {
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, env = "FAKE_COMPOSIO_PORT", default_value_t = 0)]
    port: u16,
    /// The x-api-key the fake accepts.
    #[arg(
        long,
        env = "FAKE_COMPOSIO_API_KEY",
        default_value = "fake-composio-key"
    )]
    api_key: String,
    /// The origin browsers reach the fake at (consent page, logos, MCP URLs).
    #[arg(long, env = "FAKE_COMPOSIO_PUBLIC_URL")]
    public_url: Option<String>,
    /// How long a `timeout` fault holds a request, in milliseconds.
    #[arg(long, env = "FAKE_COMPOSIO_TIMEOUT_HOLD_MS", default_value_t = 60_000)]
    timeout_hold_ms: u64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "fake_composio=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let config = Config::parse();
    let fake = start(FakeOptions {
        port: config.port,
        api_key: config.api_key,
        public_url: config.public_url,
        timeout_hold: Duration::from_millis(config.timeout_hold_ms),
    })
    .await?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "{}", fake.base_url())?;
    stdout.flush()?;
    tracing::info!(base_url = %fake.base_url(), public_url = fake.public_url(), "fake composio listening");
    tokio::signal::ctrl_c().await?;
    Ok(())
}
