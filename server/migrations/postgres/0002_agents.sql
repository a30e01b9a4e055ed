-- Agents, who may run them (invocation targets) and the append-only audit log of access
-- changes and archive/restore (issue 3; spec §2.1–§2.2).
--
-- Foreign keys, unlike upstream (which has none): an agent belongs to its workspace and is
-- deleted with it; targets and audit events are deleted with their agent (agents themselves
-- are only archived, so that happens only when the workspace goes). Deleting an account turns
-- its agents into orphans (owner_id NULL: only admins manage them, nobody may run a private
-- one). `target_id` names a workspace, a user or a team depending on `target_type`, so it
-- cannot reference one table: the server deletes member targets when a member is removed and
-- team targets when a team is deleted, in the same transaction. `runtime_id` gets its key when
-- runtimes exist. `audit_events.actor_id` has none on purpose: the log keeps who acted.
-- `visibility` is derived from mode and targets and stored for reference only; responses
-- always recompute it.

CREATE TABLE agents (
    id TEXT NOT NULL CONSTRAINT agents_pkey PRIMARY KEY,
    workspace_id TEXT NOT NULL CONSTRAINT agents_workspace_fkey REFERENCES workspaces (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NULL,
    instructions TEXT NOT NULL,
    runtime_id TEXT NULL,
    mcp_config TEXT NULL,
    custom_args TEXT NOT NULL,
    max_concurrent_tasks BIGINT NOT NULL CONSTRAINT agents_max_concurrent_tasks_check CHECK (max_concurrent_tasks BETWEEN 1 AND 50),
    owner_id TEXT NULL CONSTRAINT agents_owner_fkey REFERENCES users (id) ON DELETE SET NULL,
    permission_mode TEXT NOT NULL CONSTRAINT agents_permission_mode_check CHECK (permission_mode IN ('private', 'public_to')),
    visibility TEXT NOT NULL CONSTRAINT agents_visibility_check CHECK (visibility IN ('workspace', 'private')),
    archived_at BIGINT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT agents_workspace_name_key UNIQUE (workspace_id, name)
);
CREATE INDEX agents_owner_idx ON agents (owner_id);

-- The unique key starts with agent_id, so it also serves "the targets of this agent" (spec
-- §2.2's separate agent_id index would duplicate it); the second index serves removal of a
-- member's or a team's grants.
CREATE TABLE agent_invocation_targets (
    id TEXT NOT NULL CONSTRAINT agent_invocation_targets_pkey PRIMARY KEY,
    agent_id TEXT NOT NULL CONSTRAINT agent_invocation_targets_agent_fkey REFERENCES agents (id) ON DELETE CASCADE,
    target_type TEXT NOT NULL CONSTRAINT agent_invocation_targets_type_check CHECK (target_type IN ('workspace', 'member', 'team')),
    target_id TEXT NOT NULL,
    created_by TEXT NULL CONSTRAINT agent_invocation_targets_created_by_fkey REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT agent_invocation_targets_key UNIQUE (agent_id, target_type, target_id)
);
CREATE INDEX agent_invocation_targets_target_idx ON agent_invocation_targets (target_type, target_id);

-- Append-only: rows are inserted, never updated (a trigger refuses updates); they are deleted
-- only with their agent's workspace. Ids are time-ordered (UUIDv7), the tie-break for events
-- in the same millisecond.
CREATE TABLE audit_events (
    id TEXT NOT NULL CONSTRAINT audit_events_pkey PRIMARY KEY,
    workspace_id TEXT NOT NULL CONSTRAINT audit_events_workspace_fkey REFERENCES workspaces (id) ON DELETE CASCADE,
    agent_id TEXT NOT NULL CONSTRAINT audit_events_agent_fkey REFERENCES agents (id) ON DELETE CASCADE,
    actor_id TEXT NULL,
    action TEXT NOT NULL CONSTRAINT audit_events_action_check CHECK (action IN ('created', 'access_changed', 'access_pruned', 'archived', 'restored')),
    before_state TEXT NULL,
    after_state TEXT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX audit_events_agent_idx ON audit_events (agent_id, created_at);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
