-- Accounts, sessions, personal access tokens, workspaces, members, invitations and teams.
-- Timestamps are Unix milliseconds (BIGINT) so both backends share every query unchanged.
-- Constraints are named; the server maps violations by name.

CREATE TABLE users (
    id TEXT NOT NULL CONSTRAINT users_pkey PRIMARY KEY,
    email TEXT NOT NULL CONSTRAINT users_email_key UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    locale TEXT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    id TEXT NOT NULL CONSTRAINT sessions_pkey PRIMARY KEY,
    token_hash TEXT NOT NULL CONSTRAINT sessions_token_hash_key UNIQUE,
    user_id TEXT NOT NULL CONSTRAINT sessions_user_fkey REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
    id TEXT NOT NULL CONSTRAINT api_tokens_pkey PRIMARY KEY,
    user_id TEXT NOT NULL CONSTRAINT api_tokens_user_fkey REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL CONSTRAINT api_tokens_token_hash_key UNIQUE,
    prefix TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NULL,
    last_used_at BIGINT NULL
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

CREATE TABLE workspaces (
    id TEXT NOT NULL CONSTRAINT workspaces_pkey PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL CONSTRAINT workspaces_slug_key UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE members (
    workspace_id TEXT NOT NULL CONSTRAINT members_workspace_fkey REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL CONSTRAINT members_user_fkey REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CONSTRAINT members_role_check CHECK (role IN ('owner', 'admin', 'member')),
    joined_at BIGINT NOT NULL,
    CONSTRAINT members_pkey PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX members_user_idx ON members (user_id);

CREATE TABLE invitations (
    id TEXT NOT NULL CONSTRAINT invitations_pkey PRIMARY KEY,
    workspace_id TEXT NOT NULL CONSTRAINT invitations_workspace_fkey REFERENCES workspaces (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role TEXT NOT NULL CONSTRAINT invitations_role_check CHECK (role IN ('admin', 'member')),
    token_hash TEXT NOT NULL CONSTRAINT invitations_token_hash_key UNIQUE,
    invited_by TEXT NOT NULL CONSTRAINT invitations_invited_by_fkey REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT NULL,
    accepted_by TEXT NULL
);
CREATE INDEX invitations_workspace_idx ON invitations (workspace_id);

CREATE TABLE teams (
    id TEXT NOT NULL CONSTRAINT teams_pkey PRIMARY KEY,
    workspace_id TEXT NOT NULL CONSTRAINT teams_workspace_fkey REFERENCES workspaces (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT teams_workspace_name_key UNIQUE (workspace_id, name)
);

CREATE TABLE team_members (
    team_id TEXT NOT NULL CONSTRAINT team_members_team_fkey REFERENCES teams (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL CONSTRAINT team_members_user_fkey REFERENCES users (id) ON DELETE CASCADE,
    workspace_id TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    CONSTRAINT team_members_pkey PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_workspace_user_idx ON team_members (workspace_id, user_id);
