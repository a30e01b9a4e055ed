//! The fake's memory: catalog, auth configs, connected accounts, links and sessions, plus
//! the call counters and fault switches. One mutex, never held across an await.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio_util::sync::CancellationToken;

use crate::faults::{Fault, FaultKind, Operation};
use crate::seed;

/// A connected account's status, spelled as on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccountStatus {
    Initializing,
    Initiated,
    Active,
    Failed,
    Expired,
    Inactive,
    Revoked,
}

impl AccountStatus {
    pub const ALL: [AccountStatus; 7] = [
        Self::Initializing,
        Self::Initiated,
        Self::Active,
        Self::Failed,
        Self::Expired,
        Self::Inactive,
        Self::Revoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Initializing => "INITIALIZING",
            Self::Initiated => "INITIATED",
            Self::Active => "ACTIVE",
            Self::Failed => "FAILED",
            Self::Expired => "EXPIRED",
            Self::Inactive => "INACTIVE",
            Self::Revoked => "REVOKED",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A toolkit to add to the catalog.
#[derive(Clone, Debug)]
pub struct NewToolkit {
    pub slug: String,
    pub name: String,
    pub description: String,
    /// `(id, name)`, e.g. `("productivity", "Productivity")`.
    pub category: (String, String),
    /// Higher sorts first under `sort_by=usage`.
    pub usage: u32,
    /// Whether `POST …/revoke` works for its accounts (400 otherwise).
    pub revocable: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct Toolkit {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub category: (String, String),
    pub usage: u32,
    pub revocable: bool,
    pub tools: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
pub(crate) struct AuthConfig {
    pub id: String,
    pub uuid: String,
    pub name: String,
    pub toolkit: String,
    pub managed: bool,
    pub enabled: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// A connected account as the fake stores it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccountSnapshot {
    pub id: String,
    pub user_id: String,
    pub toolkit: String,
    pub auth_config_id: String,
    pub status: AccountStatus,
    pub status_reason: Option<String>,
    /// Soft-deleted: kept, but neither listed nor retrievable.
    pub deleted: bool,
    /// Whether it was ever ACTIVE (only those can be revoked).
    pub ever_active: bool,
    #[serde(skip)]
    pub(crate) seq: u64,
    #[serde(skip)]
    pub(crate) created_at: Option<OffsetDateTime>,
    #[serde(skip)]
    pub(crate) updated_at: Option<OffsetDateTime>,
    #[serde(skip)]
    pub(crate) link_token: Option<String>,
    #[serde(skip)]
    pub(crate) callback_url: Option<String>,
    #[serde(skip)]
    pub(crate) expires_at: Option<OffsetDateTime>,
}

#[derive(Clone, Debug)]
pub(crate) struct Session {
    pub user_id: String,
    pub toolkits: Vec<String>,
}

#[derive(Debug, Default)]
pub(crate) struct State {
    pub toolkits: Vec<Toolkit>,
    pub auth_configs: Vec<AuthConfig>,
    pub accounts: Vec<AccountSnapshot>,
    pub sessions: HashMap<String, Session>,
}

impl State {
    pub fn toolkit(&self, slug: &str) -> Option<&Toolkit> {
        self.toolkits.iter().find(|t| t.slug == slug)
    }

    pub fn auth_config(&self, id: &str) -> Option<&AuthConfig> {
        self.auth_configs.iter().find(|c| c.id == id)
    }

    /// A live (not soft-deleted) account.
    pub fn live_account_mut(&mut self, id: &str) -> Option<&mut AccountSnapshot> {
        self.accounts.iter_mut().find(|a| a.id == id && !a.deleted)
    }

    pub fn add_account(
        &mut self,
        config: &AuthConfig,
        user_id: &str,
        status: AccountStatus,
        seq: u64,
    ) -> &mut AccountSnapshot {
        let now = OffsetDateTime::now_utc();
        self.accounts.push(AccountSnapshot {
            id: new_id("ca_"),
            user_id: user_id.to_owned(),
            toolkit: config.toolkit.clone(),
            auth_config_id: config.id.clone(),
            status,
            status_reason: None,
            deleted: false,
            ever_active: status == AccountStatus::Active,
            seq,
            created_at: Some(now),
            updated_at: Some(now),
            link_token: None,
            callback_url: None,
            expires_at: None,
        });
        let last = self.accounts.len() - 1;
        &mut self.accounts[last]
    }
}

/// Everything the handlers and the handle share.
pub(crate) struct Shared {
    pub api_key: String,
    pub public_url: String,
    pub stop: CancellationToken,
    pub mcp: crate::mcp::McpService,
    state: Mutex<State>,
    counts: [AtomicUsize; Operation::ALL.len()],
    faults: Mutex<[Option<Fault>; Operation::ALL.len()]>,
    hold_ms: AtomicU64,
    seq: AtomicU64,
}

/// `prefix` plus 16 random lower-case letters and digits, like Composio's nano ids.
pub(crate) fn new_id(prefix: &str) -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    let tail: String = (0..16)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect();
    format!("{prefix}{tail}")
}

impl Shared {
    pub fn new(
        api_key: String,
        public_url: String,
        hold: Duration,
        stop: CancellationToken,
    ) -> Self {
        Self {
            api_key,
            public_url,
            mcp: crate::mcp::service(&stop),
            stop,
            state: Mutex::new(seed::state()),
            counts: Default::default(),
            faults: Mutex::new([None; Operation::ALL.len()]),
            hold_ms: AtomicU64::new(u64::try_from(hold.as_millis()).unwrap_or(u64::MAX)),
            seq: AtomicU64::new(0),
        }
    }

    /// The state; a panic elsewhere while it was held does not make it unusable.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed)
    }

    pub fn count(&self, op: Operation) {
        self.counts[op.index()].fetch_add(1, Ordering::Relaxed);
    }

    pub fn calls(&self, op: Operation) -> usize {
        self.counts[op.index()].load(Ordering::Relaxed)
    }

    pub fn all_calls(&self) -> BTreeMap<&'static str, usize> {
        Operation::ALL
            .into_iter()
            .map(|op| (op.name(), self.calls(op)))
            .collect()
    }

    pub fn reset_calls(&self) {
        for count in &self.counts {
            count.store(0, Ordering::Relaxed);
        }
    }

    fn faults(&self) -> MutexGuard<'_, [Option<Fault>; Operation::ALL.len()]> {
        self.faults.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn set_fault(&self, op: Operation, fault: Fault) {
        self.faults()[op.index()] = Some(fault);
    }

    pub fn clear_faults(&self) {
        *self.faults() = [None; Operation::ALL.len()];
    }

    /// The fault for this request, if any; a one-shot fault is used up.
    pub fn take_fault(&self, op: Operation) -> Option<FaultKind> {
        let mut faults = self.faults();
        let slot = &mut faults[op.index()];
        let fault = (*slot)?;
        if fault.once {
            *slot = None;
        }
        Some(fault.kind)
    }

    pub fn set_timeout_hold(&self, hold: Duration) {
        let ms = u64::try_from(hold.as_millis()).unwrap_or(u64::MAX);
        self.hold_ms.store(ms, Ordering::Relaxed);
    }

    pub fn timeout_hold(&self) -> Duration {
        Duration::from_millis(self.hold_ms.load(Ordering::Relaxed))
    }

    pub fn set_account_status(&self, id: &str, status: AccountStatus) -> bool {
        let mut state = self.lock();
        let Some(account) = state.accounts.iter_mut().find(|a| a.id == id) else {
            return false;
        };
        account.status = status;
        account.ever_active |= status == AccountStatus::Active;
        account.updated_at = Some(OffsetDateTime::now_utc());
        true
    }

    pub fn seed_account(
        &self,
        auth_config_id: &str,
        user_id: &str,
        status: AccountStatus,
    ) -> Option<String> {
        let seq = self.next_seq();
        let mut state = self.lock();
        let config = state.auth_config(auth_config_id)?.clone();
        Some(state.add_account(&config, user_id, status, seq).id.clone())
    }

    pub fn account(&self, id: &str) -> Option<AccountSnapshot> {
        self.lock().accounts.iter().find(|a| a.id == id).cloned()
    }

    pub fn accounts(&self) -> Vec<AccountSnapshot> {
        self.lock().accounts.clone()
    }

    pub fn set_auth_config_enabled(&self, id: &str, enabled: bool) -> bool {
        let mut state = self.lock();
        let Some(config) = state.auth_configs.iter_mut().find(|c| c.id == id) else {
            return false;
        };
        config.enabled = enabled;
        config.updated_at = OffsetDateTime::now_utc();
        true
    }

    pub fn add_auth_config(&self, toolkit: &str, managed: bool) -> String {
        let now = OffsetDateTime::now_utc();
        let config = AuthConfig {
            id: new_id("ac_"),
            uuid: new_id(""),
            name: format!("{toolkit}-{}", if managed { "managed" } else { "custom" }),
            toolkit: toolkit.to_owned(),
            managed,
            enabled: true,
            created_at: now,
            updated_at: now,
        };
        let id = config.id.clone();
        self.lock().auth_configs.push(config);
        id
    }

    pub fn add_toolkit(&self, new: NewToolkit) {
        let toolkit = seed::toolkit(new);
        let mut state = self.lock();
        state.toolkits.retain(|t| t.slug != toolkit.slug);
        state.toolkits.push(toolkit);
    }

    pub fn auth_config_id(&self, toolkit: &str, managed: bool) -> Option<String> {
        self.lock()
            .auth_configs
            .iter()
            .filter(|c| c.toolkit == toolkit && c.managed == managed)
            .max_by_key(|c| c.created_at)
            .map(|c| c.id.clone())
    }

    pub fn session_count(&self) -> usize {
        self.lock().sessions.len()
    }
}
