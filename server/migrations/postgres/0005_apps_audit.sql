-- The audit log records allowlist changes too (`apps_changed`, issue 10).

ALTER TABLE audit_events DROP CONSTRAINT audit_events_action_check;
ALTER TABLE audit_events ADD CONSTRAINT audit_events_action_check
    CHECK (action IN ('created', 'access_changed', 'access_pruned', 'archived', 'restored', 'apps_changed'));
