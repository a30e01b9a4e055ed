//! The agent process: started in a process group of its own, so stopping a run reaches every
//! process the agent started (shells, test runners, servers), not only the CLI itself.

use rustix::process::{kill_process_group, Pid, Signal};
use std::time::Duration;
use tokio::process::Child;

/// How long the group gets to exit after SIGTERM before SIGKILL.
pub const TERM_GRACE: Duration = Duration::from_secs(3);

/// Sends `signal` to the group led by `pid` (gone already: nothing to do).
fn signal_group(pid: u32, signal: Signal) {
    let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
        return;
    };
    if let Err(e) = kill_process_group(pid, signal) {
        if e != rustix::io::Errno::SRCH {
            tracing::warn!(error = %e, "cannot signal the agent's process group");
        }
    }
}

/// Stops the group of `child`: SIGTERM, up to [`TERM_GRACE`] for the CLI to exit, then
/// SIGKILL to whatever is left of the group. Returns once the CLI has exited.
pub async fn stop_group(child: &mut Child) {
    let Some(pid) = child.id() else {
        return; // already reaped
    };
    signal_group(pid, Signal::TERM);
    if tokio::time::timeout(TERM_GRACE, child.wait())
        .await
        .is_err()
    {
        tracing::info!(pid, "the agent ignored SIGTERM; killing its process group");
    }
    signal_group(pid, Signal::KILL);
    let _ = child.wait().await;
}

/// After the CLI exited on its own: ends whatever it left running in its group.
pub fn reap_leftovers(pid: Option<u32>) {
    if let Some(pid) = pid {
        signal_group(pid, Signal::KILL);
    }
}
