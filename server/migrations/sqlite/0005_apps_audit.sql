-- The audit log records allowlist changes too (`apps_changed`, issue 10). SQLite cannot alter
-- a CHECK constraint, so the table is rebuilt with the wider list; its index and append-only
-- trigger are created again. Nothing references audit_events, so the rebuild touches no key.

CREATE TABLE audit_events_next (
    id TEXT NOT NULL CONSTRAINT audit_events_pkey PRIMARY KEY,
    workspace_id TEXT NOT NULL CONSTRAINT audit_events_workspace_fkey REFERENCES workspaces (id) ON DELETE CASCADE,
    agent_id TEXT NOT NULL CONSTRAINT audit_events_agent_fkey REFERENCES agents (id) ON DELETE CASCADE,
    actor_id TEXT NULL,
    action TEXT NOT NULL CONSTRAINT audit_events_action_check CHECK (action IN ('created', 'access_changed', 'access_pruned', 'archived', 'restored', 'apps_changed')),
    before_state TEXT NULL,
    after_state TEXT NULL,
    created_at BIGINT NOT NULL
);
INSERT INTO audit_events_next (id, workspace_id, agent_id, actor_id, action, before_state, after_state, created_at)
    SELECT id, workspace_id, agent_id, actor_id, action, before_state, after_state, created_at FROM audit_events;
DROP TABLE audit_events;
ALTER TABLE audit_events_next RENAME TO audit_events;
CREATE INDEX audit_events_agent_idx ON audit_events (agent_id, created_at);

CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
