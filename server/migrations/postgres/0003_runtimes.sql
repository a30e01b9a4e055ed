-- Runtimes (one row per workspace, daemon and built-in CLI or custom profile), custom runtime
-- profiles and daemon tokens (issue 4; spec A.2, A.3, A.7).
--
-- No foreign keys on these relations, as the issue asks: the application removes runtimes,
-- profiles and daemon tokens itself, in the same transaction as whatever makes them stale
-- (workspace deletion, member removal, profile deletion). `profile_id` is NULL for a built-in
-- runtime; the two partial unique indexes let one daemon host the built-in `codex` and any
-- number of custom profiles of the `codex` family side by side. `protocol_family` is free text
-- on purpose: the whitelist lives in `agentry_core::runtimes::FAMILIES` and is checked on
-- writes only, so a family retired later stays readable on old rows. Booleans are BIGINT 0/1,
-- the one boolean both backends carry identically through sqlx's Any driver.

CREATE TABLE runtime_profiles (
    id TEXT NOT NULL CONSTRAINT runtime_profiles_pkey PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    protocol_family TEXT NOT NULL,
    command_name TEXT NOT NULL,
    description TEXT NULL,
    fixed_args TEXT NOT NULL DEFAULT '[]',
    visibility TEXT NOT NULL DEFAULT 'workspace' CONSTRAINT runtime_profiles_visibility_check CHECK (visibility IN ('workspace', 'private')),
    created_by TEXT NULL,
    enabled BIGINT NOT NULL DEFAULT 1 CONSTRAINT runtime_profiles_enabled_check CHECK (enabled IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT runtime_profiles_workspace_display_name_key UNIQUE (workspace_id, display_name)
);

CREATE TABLE agent_runtimes (
    id TEXT NOT NULL CONSTRAINT agent_runtimes_pkey PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    daemon_id TEXT NULL,
    name TEXT NOT NULL,
    custom_name TEXT NULL,
    runtime_mode TEXT NOT NULL DEFAULT 'local' CONSTRAINT agent_runtimes_mode_check CHECK (runtime_mode IN ('local', 'cloud')),
    provider TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'offline' CONSTRAINT agent_runtimes_status_check CHECK (status IN ('online', 'offline')),
    device_info TEXT NOT NULL DEFAULT '',
    metadata TEXT NOT NULL DEFAULT '{}',
    last_seen_at BIGINT NULL,
    owner_id TEXT NULL,
    legacy_daemon_id TEXT NULL,
    visibility TEXT NOT NULL DEFAULT 'private' CONSTRAINT agent_runtimes_visibility_check CHECK (visibility IN ('private', 'public')),
    profile_id TEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX agent_runtimes_workspace_daemon_provider_key
    ON agent_runtimes (workspace_id, daemon_id, provider) WHERE profile_id IS NULL;
CREATE UNIQUE INDEX agent_runtimes_workspace_daemon_profile_key
    ON agent_runtimes (workspace_id, daemon_id, profile_id) WHERE profile_id IS NOT NULL;
CREATE INDEX agent_runtimes_workspace_status_idx ON agent_runtimes (workspace_id, status);
CREATE INDEX agent_runtimes_last_seen_idx ON agent_runtimes (last_seen_at);
CREATE INDEX agent_runtimes_profile_idx ON agent_runtimes (profile_id);
CREATE INDEX agents_runtime_idx ON agents (runtime_id);

-- A daemon token acts for one member's runtimes in one workspace; only its SHA-256 is kept.
CREATE TABLE daemon_tokens (
    id TEXT NOT NULL CONSTRAINT daemon_tokens_pkey PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL CONSTRAINT daemon_tokens_token_hash_key UNIQUE,
    token_prefix TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_used_at BIGINT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX daemon_tokens_workspace_user_idx ON daemon_tokens (workspace_id, user_id);
