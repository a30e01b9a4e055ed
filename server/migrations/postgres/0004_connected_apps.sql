-- Connected apps through Composio: a person's connected accounts (per person, not per
-- workspace), the one-time nonces of connect flows in progress, and each agent's allowlist
-- of toolkits. Timestamps are Unix milliseconds, as everywhere.

CREATE TABLE user_composio_connections (
    id TEXT NOT NULL CONSTRAINT user_composio_connections_pkey PRIMARY KEY,
    user_id TEXT NOT NULL
        CONSTRAINT user_composio_connections_user_fkey REFERENCES users (id) ON DELETE CASCADE,
    -- Lower-cased.
    toolkit_slug TEXT NOT NULL,
    -- Composio's handles: not secrets, but never sent to browsers.
    auth_config_id TEXT NOT NULL,
    connected_account_id TEXT NOT NULL,
    -- Always the user id as canonical UUID text: the identity Composio knows them by.
    composio_user_id TEXT NOT NULL,
    -- `active` or `revoked`.
    status TEXT NOT NULL,
    -- Kept when the same account connects again.
    connected_at BIGINT NOT NULL,
    last_used_at BIGINT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT user_composio_connections_account_key UNIQUE (user_id, connected_account_id)
);
CREATE INDEX user_composio_connections_user_status_idx
    ON user_composio_connections (user_id, status);
CREATE INDEX user_composio_connections_account_idx
    ON user_composio_connections (connected_account_id);

-- A started connect flow's nonce (hashed), usable once, only by the session that started it,
-- until the signed state expires. Signing out deletes the session and with it the nonce.
CREATE TABLE composio_connect_nonces (
    nonce_hash TEXT NOT NULL CONSTRAINT composio_connect_nonces_pkey PRIMARY KEY,
    session_id TEXT NOT NULL
        CONSTRAINT composio_connect_nonces_session_fkey REFERENCES sessions (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX composio_connect_nonces_expiry_idx ON composio_connect_nonces (expires_at);

-- JSON array of lower-cased toolkit slugs; NULL = never set, `[]` = set to nothing.
ALTER TABLE agents ADD COLUMN composio_toolkit_allowlist TEXT NULL;
