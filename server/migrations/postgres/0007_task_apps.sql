-- Connected apps on runs through the server's MCP broker (issue 12; spec §4.20 as built here):
-- what each task was granted at enqueue and, once the run first uses its apps, the Composio
-- tool-router session the broker forwards to. The session URL never leaves the server: the
-- run's overlay points at /mcp/tasks/{id}/composio instead. The row goes when the task ends,
-- like the task's token.
CREATE TABLE task_app_grants (
    task_id TEXT NOT NULL CONSTRAINT task_app_grants_pkey PRIMARY KEY
        CONSTRAINT task_app_grants_task_fkey REFERENCES agent_task_queue (id) ON DELETE CASCADE,
    -- The agent's owner whose connections the run uses.
    owner_id TEXT NOT NULL,
    -- {"<toolkit slug>": "<connected account id>"}
    grants TEXT NOT NULL,
    session_id TEXT NULL,
    session_url TEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE FUNCTION task_app_grants_terminal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM task_app_grants WHERE task_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER task_app_grants_terminal AFTER UPDATE OF status ON agent_task_queue
    FOR EACH ROW WHEN (NEW.status IN ('completed', 'failed', 'cancelled'))
    EXECUTE FUNCTION task_app_grants_terminal();

-- Every tool call a run made through the broker: which tool of which toolkit, how it ended and
-- how long it took. Never its arguments or its result.
CREATE TABLE task_tool_calls (
    id TEXT NOT NULL CONSTRAINT task_tool_calls_pkey PRIMARY KEY,
    task_id TEXT NOT NULL
        CONSTRAINT task_tool_calls_task_fkey REFERENCES agent_task_queue (id) ON DELETE CASCADE,
    tool_name TEXT NOT NULL,
    toolkit TEXT NULL,
    status TEXT NOT NULL CONSTRAINT task_tool_calls_status_check
        CHECK (status IN ('ok', 'tool_error', 'error', 'refused', 'no_answer')),
    duration_ms BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX task_tool_calls_task_idx ON task_tool_calls (task_id, created_at);
