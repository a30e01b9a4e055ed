-- Work for agents (issue 11; spec A.5, A.6, A.7): issues with their comments and mentions,
-- chat sessions, autopilots with their triggers and runs, the task queue, task transcripts and
-- per-task tokens. Timestamps are Unix milliseconds, JSON is TEXT and booleans are BIGINT 0/1,
-- as everywhere, so both backends read the same through sqlx's Any driver.

-- The short key of a workspace's issue identifiers (`KEY-N`) and the last number handed out.
ALTER TABLE workspaces ADD COLUMN issue_key TEXT NOT NULL DEFAULT 'WS';
ALTER TABLE workspaces ADD COLUMN issue_counter BIGINT NOT NULL DEFAULT 0;
UPDATE workspaces SET issue_key = UPPER(SUBSTR(REPLACE(slug, '-', ''), 1, 3));

CREATE TABLE issues (
    id TEXT NOT NULL CONSTRAINT issues_pkey PRIMARY KEY,
    workspace_id TEXT NOT NULL CONSTRAINT issues_workspace_fkey REFERENCES workspaces (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CONSTRAINT issues_status_check CHECK (status IN ('backlog', 'todo', 'in_progress', 'in_review', 'done', 'cancelled')),
    priority TEXT NOT NULL CONSTRAINT issues_priority_check CHECK (priority IN ('urgent', 'high', 'medium', 'low', 'none')),
    assignee_type TEXT NULL CONSTRAINT issues_assignee_type_check CHECK (assignee_type IN ('member', 'agent')),
    assignee_id TEXT NULL,
    creator_type TEXT NOT NULL CONSTRAINT issues_creator_type_check CHECK (creator_type IN ('member', 'agent', 'system')),
    creator_id TEXT NULL,
    parent_issue_id TEXT NULL CONSTRAINT issues_parent_fkey REFERENCES issues (id) ON DELETE SET NULL,
    -- A small JSON object of string keys and string values.
    metadata TEXT NOT NULL DEFAULT '{}',
    -- What made it, when not a person: `autopilot` or `quick_create`, with that row's id.
    origin_type TEXT NULL,
    origin_id TEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT issues_workspace_number_key UNIQUE (workspace_id, number),
    CONSTRAINT issues_assignee_check CHECK ((assignee_type IS NULL) = (assignee_id IS NULL))
);
CREATE INDEX issues_workspace_status_idx ON issues (workspace_id, status);
CREATE INDEX issues_assignee_idx ON issues (workspace_id, assignee_type, assignee_id);
CREATE INDEX issues_parent_idx ON issues (parent_issue_id);

CREATE TABLE issue_comments (
    id TEXT NOT NULL CONSTRAINT issue_comments_pkey PRIMARY KEY,
    issue_id TEXT NOT NULL CONSTRAINT issue_comments_issue_fkey REFERENCES issues (id) ON DELETE CASCADE,
    workspace_id TEXT NOT NULL,
    author_type TEXT NOT NULL CONSTRAINT issue_comments_author_type_check CHECK (author_type IN ('member', 'agent', 'system')),
    author_id TEXT NULL,
    content TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'comment' CONSTRAINT issue_comments_kind_check CHECK (kind IN ('comment', 'system')),
    parent_id TEXT NULL CONSTRAINT issue_comments_parent_fkey REFERENCES issue_comments (id) ON DELETE SET NULL,
    -- The run that wrote it, for an agent's comment (its originator carries on, spec §4.5).
    source_task_id TEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX issue_comments_issue_idx ON issue_comments (issue_id, created_at);

-- Mentions are stored as links to ids, never re-parsed from the text.
CREATE TABLE comment_mentions (
    comment_id TEXT NOT NULL CONSTRAINT comment_mentions_comment_fkey REFERENCES issue_comments (id) ON DELETE CASCADE,
    target_type TEXT NOT NULL CONSTRAINT comment_mentions_target_type_check CHECK (target_type IN ('member', 'agent')),
    target_id TEXT NOT NULL,
    CONSTRAINT comment_mentions_pkey PRIMARY KEY (comment_id, target_type, target_id)
);

CREATE TABLE chat_sessions (
    id TEXT NOT NULL CONSTRAINT chat_sessions_pkey PRIMARY KEY,
    workspace_id TEXT NOT NULL CONSTRAINT chat_sessions_workspace_fkey REFERENCES workspaces (id) ON DELETE CASCADE,
    agent_id TEXT NOT NULL CONSTRAINT chat_sessions_agent_fkey REFERENCES agents (id) ON DELETE CASCADE,
    creator_id TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CONSTRAINT chat_sessions_status_check CHECK (status IN ('active', 'archived')),
    -- The provider's conversation, for resuming it on the next turn.
    session_id TEXT NULL,
    work_dir TEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX chat_sessions_workspace_creator_idx ON chat_sessions (workspace_id, creator_id, updated_at);

CREATE TABLE chat_messages (
    id TEXT NOT NULL CONSTRAINT chat_messages_pkey PRIMARY KEY,
    chat_session_id TEXT NOT NULL CONSTRAINT chat_messages_session_fkey REFERENCES chat_sessions (id) ON DELETE CASCADE,
    role TEXT NOT NULL CONSTRAINT chat_messages_role_check CHECK (role IN ('user', 'assistant')),
    author_id TEXT NULL,
    content TEXT NOT NULL,
    task_id TEXT NULL,
    failure_reason TEXT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX chat_messages_session_idx ON chat_messages (chat_session_id, created_at);

CREATE TABLE autopilots (
    id TEXT NOT NULL CONSTRAINT autopilots_pkey PRIMARY KEY,
    workspace_id TEXT NOT NULL CONSTRAINT autopilots_workspace_fkey REFERENCES workspaces (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    -- The instruction each run is given.
    description TEXT NOT NULL,
    agent_id TEXT NOT NULL CONSTRAINT autopilots_agent_fkey REFERENCES agents (id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'active' CONSTRAINT autopilots_status_check CHECK (status IN ('active', 'paused', 'archived')),
    execution_mode TEXT NOT NULL CONSTRAINT autopilots_execution_mode_check CHECK (execution_mode IN ('create_issue', 'run_only')),
    issue_title_template TEXT NULL,
    -- The member who created it: scheduled runs are judged by them (spec §4.6).
    created_by TEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX autopilots_workspace_idx ON autopilots (workspace_id);

CREATE TABLE autopilot_triggers (
    id TEXT NOT NULL CONSTRAINT autopilot_triggers_pkey PRIMARY KEY,
    autopilot_id TEXT NOT NULL CONSTRAINT autopilot_triggers_autopilot_fkey REFERENCES autopilots (id) ON DELETE CASCADE,
    kind TEXT NOT NULL DEFAULT 'schedule' CONSTRAINT autopilot_triggers_kind_check CHECK (kind IN ('schedule')),
    enabled BIGINT NOT NULL DEFAULT 1 CONSTRAINT autopilot_triggers_enabled_check CHECK (enabled IN (0, 1)),
    cron_expression TEXT NOT NULL,
    timezone TEXT NOT NULL,
    -- The next fire time; a scheduler claims a fire by moving it forward from the value it read,
    -- so two server processes never both fire it.
    next_run_at BIGINT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX autopilot_triggers_due_idx ON autopilot_triggers (enabled, next_run_at);

CREATE TABLE autopilot_runs (
    id TEXT NOT NULL CONSTRAINT autopilot_runs_pkey PRIMARY KEY,
    autopilot_id TEXT NOT NULL CONSTRAINT autopilot_runs_autopilot_fkey REFERENCES autopilots (id) ON DELETE CASCADE,
    trigger_id TEXT NULL,
    -- The fire time a scheduled run stands for: at most one run per trigger and fire time.
    scheduled_for BIGINT NULL,
    source TEXT NOT NULL CONSTRAINT autopilot_runs_source_check CHECK (source IN ('schedule', 'manual')),
    status TEXT NOT NULL CONSTRAINT autopilot_runs_status_check CHECK (status IN ('pending', 'issue_created', 'running', 'skipped', 'completed', 'failed')),
    triggered_by TEXT NULL,
    issue_id TEXT NULL,
    task_id TEXT NULL,
    result TEXT NULL,
    failure_reason TEXT NULL,
    triggered_at BIGINT NOT NULL,
    completed_at BIGINT NULL,
    CONSTRAINT autopilot_runs_fire_key UNIQUE (trigger_id, scheduled_for)
);
CREATE INDEX autopilot_runs_autopilot_idx ON autopilot_runs (autopilot_id, triggered_at);

CREATE TABLE agent_task_queue (
    id TEXT NOT NULL CONSTRAINT agent_task_queue_pkey PRIMARY KEY,
    workspace_id TEXT NOT NULL CONSTRAINT agent_task_queue_workspace_fkey REFERENCES workspaces (id) ON DELETE CASCADE,
    agent_id TEXT NOT NULL CONSTRAINT agent_task_queue_agent_fkey REFERENCES agents (id) ON DELETE CASCADE,
    runtime_id TEXT NULL,
    issue_id TEXT NULL CONSTRAINT agent_task_queue_issue_fkey REFERENCES issues (id) ON DELETE CASCADE,
    chat_session_id TEXT NULL CONSTRAINT agent_task_queue_chat_fkey REFERENCES chat_sessions (id) ON DELETE CASCADE,
    autopilot_run_id TEXT NULL CONSTRAINT agent_task_queue_autopilot_run_fkey REFERENCES autopilot_runs (id) ON DELETE SET NULL,
    -- The kind label of spec F.1, fixed at enqueue from which link the task has.
    kind TEXT NOT NULL CONSTRAINT agent_task_queue_kind_check CHECK (kind IN ('issue', 'chat', 'quick_create', 'autopilot')),
    status TEXT NOT NULL CONSTRAINT agent_task_queue_status_check CHECK (status IN ('queued', 'dispatched', 'running', 'waiting_local_directory', 'deferred', 'completed', 'failed', 'cancelled')),
    priority BIGINT NOT NULL DEFAULT 0,
    -- The daemon that claimed it.
    daemon_id TEXT NULL,
    dispatched_at BIGINT NULL,
    started_at BIGINT NULL,
    completed_at BIGINT NULL,
    prepare_lease_expires_at BIGINT NULL,
    cancel_requested_at BIGINT NULL,
    result TEXT NULL,
    error TEXT NULL,
    failure_reason TEXT NULL,
    session_id TEXT NULL,
    work_dir TEXT NULL,
    trigger_comment_id TEXT NULL,
    -- JSON array of the earlier comments folded into this run.
    coalesced_comment_ids TEXT NOT NULL DEFAULT '[]',
    trigger_summary TEXT NULL,
    attempt BIGINT NOT NULL DEFAULT 1,
    max_attempts BIGINT NOT NULL DEFAULT 2,
    parent_task_id TEXT NULL,
    force_fresh_session BIGINT NOT NULL DEFAULT 0 CONSTRAINT agent_task_queue_force_fresh_check CHECK (force_fresh_session IN (0, 1)),
    handoff_note TEXT NULL,
    wait_reason TEXT NULL,
    fire_at BIGINT NULL,
    -- The quick-create request, as JSON.
    context TEXT NULL,
    -- The human on whose behalf it runs (spec §4.5), and which path said so.
    originator_user_id TEXT NULL,
    originator_source TEXT NOT NULL,
    -- Per-task MCP additions (Composio); wiped by the trigger below when the task ends.
    runtime_mcp_overlay TEXT NULL,
    runtime_connected_apps TEXT NULL,
    -- What the run was told: the brief's hash and the per-turn prompt (brief transparency).
    brief_hash TEXT NULL,
    turn_prompt TEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT agent_task_queue_runtime_check CHECK (runtime_id IS NOT NULL OR completed_at IS NOT NULL)
);
-- One pending run per (issue, agent): a second request folds into the first.
CREATE UNIQUE INDEX agent_task_queue_one_pending_key ON agent_task_queue (issue_id, agent_id)
    WHERE status IN ('queued', 'dispatched') AND issue_id IS NOT NULL;
CREATE INDEX agent_task_queue_claim_idx ON agent_task_queue (runtime_id, priority DESC, created_at)
    WHERE status IN ('queued', 'dispatched');
CREATE INDEX agent_task_queue_agent_status_idx ON agent_task_queue (agent_id, status);
CREATE INDEX agent_task_queue_issue_idx ON agent_task_queue (issue_id);
CREATE INDEX agent_task_queue_chat_idx ON agent_task_queue (chat_session_id, created_at);
CREATE INDEX agent_task_queue_status_idx ON agent_task_queue (status, created_at);
CREATE INDEX agent_task_queue_deferred_idx ON agent_task_queue (runtime_id, fire_at) WHERE status = 'deferred';

CREATE TABLE task_messages (
    task_id TEXT NOT NULL CONSTRAINT task_messages_task_fkey REFERENCES agent_task_queue (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    type TEXT NOT NULL CONSTRAINT task_messages_type_check CHECK (type IN ('text', 'thinking', 'tool_use', 'tool_result', 'status', 'error', 'log')),
    tool TEXT NULL,
    content TEXT NULL,
    input TEXT NULL,
    output TEXT NULL,
    created_at BIGINT NOT NULL,
    -- A resent batch inserts nothing twice.
    CONSTRAINT task_messages_pkey PRIMARY KEY (task_id, seq)
);

-- A run's own credential (`agk_` + 40 hex, only its SHA-256 kept): acts as the agent, in the
-- task's workspace, until the task ends (the trigger below deletes it then).
CREATE TABLE task_tokens (
    id TEXT NOT NULL CONSTRAINT task_tokens_pkey PRIMARY KEY,
    token_hash TEXT NOT NULL CONSTRAINT task_tokens_token_hash_key UNIQUE,
    task_id TEXT NOT NULL CONSTRAINT task_tokens_task_fkey REFERENCES agent_task_queue (id) ON DELETE CASCADE,
    agent_id TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    -- The runtime's owner, whose daemon runs it.
    user_id TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX task_tokens_task_idx ON task_tokens (task_id);

-- When a task ends (spec §2.4, B8): its MCP overlay and connected apps are wiped, whichever
-- statement ended it, and its token dies. Two triggers, since SQLite has no BEFORE-row rewrite.
CREATE TRIGGER agent_task_queue_terminal_wipe AFTER UPDATE ON agent_task_queue
WHEN NEW.status IN ('completed', 'failed', 'cancelled')
    AND (NEW.runtime_mcp_overlay IS NOT NULL OR NEW.runtime_connected_apps IS NOT NULL)
BEGIN
    UPDATE agent_task_queue SET runtime_mcp_overlay = NULL, runtime_connected_apps = NULL
        WHERE id = NEW.id;
END;

CREATE TRIGGER agent_task_queue_terminal_wipe_insert AFTER INSERT ON agent_task_queue
WHEN NEW.status IN ('completed', 'failed', 'cancelled')
    AND (NEW.runtime_mcp_overlay IS NOT NULL OR NEW.runtime_connected_apps IS NOT NULL)
BEGIN
    UPDATE agent_task_queue SET runtime_mcp_overlay = NULL, runtime_connected_apps = NULL
        WHERE id = NEW.id;
END;

CREATE TRIGGER agent_task_queue_terminal_tokens AFTER UPDATE OF status ON agent_task_queue
WHEN NEW.status IN ('completed', 'failed', 'cancelled')
BEGIN
    DELETE FROM task_tokens WHERE task_id = NEW.id;
END;
