-- What a daemon reports with each heartbeat (issue 12): the runs it has in flight on the
-- runtime, how many it takes at once, and its last error there. NULL until a daemon that
-- reports them heartbeats (older daemons never do).
ALTER TABLE agent_runtimes ADD COLUMN running_tasks BIGINT NULL;
ALTER TABLE agent_runtimes ADD COLUMN task_capacity BIGINT NULL;
ALTER TABLE agent_runtimes ADD COLUMN last_error TEXT NULL;
