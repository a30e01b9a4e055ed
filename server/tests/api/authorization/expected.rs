//! The authorization matrix: each route → the status each caller must get, in the column
//! order of `CALLERS`: anonymous, outsider, member, admin, owner, object owner, daemon token,
//! personal token, other workspace's daemon token.

#[rustfmt::skip]
pub const EXPECTED: &[(&str, [u16; 9])] = &[
    //                                                        anon out  mem  adm  own  obj  dmn  pat  oth
    ("GET /healthz",                                        [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET /readyz",                                         [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/openapi.json",                               [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/docs",                                       [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/config",                                     [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/integrations/composio/toolkits",             [401, 503, 503, 503, 503, 503, 401, 503, 401]),
    ("POST /api/integrations/composio/connect/init",        [401, 503, 503, 503, 503, 503, 401, 503, 401]),
    ("GET /api/integrations/composio/connections",          [401, 503, 503, 503, 503, 503, 401, 503, 401]),
    ("DELETE /api/integrations/composio/connections/{id}",  [401, 503, 503, 503, 503, 503, 401, 503, 401]),
    // Public: who opens it is checked against the signed state, after the integration is known on.
    ("GET /api/integrations/composio/callback",             [503, 503, 503, 503, 503, 503, 503, 503, 503]),
    ("POST /api/auth/register",                             [201, 201, 201, 201, 201, 201, 201, 201, 201]),
    ("POST /api/auth/login",                                [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    // A personal token may sign out (nothing to end); daemon tokens serve the daemon API alone.
    ("POST /api/auth/logout",                               [401, 204, 204, 204, 204, 204, 401, 204, 401]),
    ("GET /api/me",                                         [401, 200, 200, 200, 200, 200, 401, 200, 401]),
    ("PATCH /api/me",                                       [401, 200, 200, 200, 200, 200, 401, 200, 401]),
    ("GET /api/tokens",                                     [401, 200, 200, 200, 200, 200, 401, 200, 401]),
    ("POST /api/tokens",                                    [401, 201, 201, 201, 201, 201, 401, 201, 401]),
    ("GET /api/events",                                     [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("GET /api/agents",                                     [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("POST /api/agents",                                    [401, 404, 201, 201, 201, 201, 401, 201, 401]),
    // The agent is shared with the whole workspace: everyone there sees it, only its owner and
    // the admins change it.
    ("GET /api/agents/{id}",                                [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("PUT /api/agents/{id}",                                [401, 404, 403, 200, 200, 200, 401, 403, 401]),
    ("POST /api/agents/{id}/archive",                       [401, 404, 403, 200, 200, 200, 401, 403, 401]),
    ("POST /api/agents/{id}/restore",                       [401, 404, 403, 200, 200, 200, 401, 403, 401]),
    ("GET /api/agents/{id}/permissions",                    [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("GET /api/agents/{id}/access/explain",                 [401, 404, 403, 200, 200, 200, 401, 403, 401]),
    ("GET /api/agents/{id}/activity",                       [401, 404, 403, 200, 200, 200, 401, 403, 401]),
    // The brief embeds the instructions: whoever may see the agent, as on GET /api/agents/{id}.
    ("GET /api/agents/{id}/brief",                          [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    // Someone else's token is not found, whoever asks.
    ("DELETE /api/tokens/{id}",                             [401, 404, 404, 404, 404, 204, 401, 404, 401]),
    ("GET /api/runtimes",                                   [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("PATCH /api/runtimes/{id}",                            [401, 404, 403, 200, 200, 200, 401, 403, 401]),
    ("DELETE /api/runtimes/{id}",                           [401, 404, 403, 200, 200, 200, 401, 403, 401]),
    // The daemon API takes tokens only; a cookie is no credential there.
    ("POST /api/daemon/register",                           [401, 401, 401, 401, 401, 401, 200, 200, 404]),
    // The runtime is the object owner's; the tokens are the plain member's: a daemon acts only
    // on its own member's runtimes (403 `runtime_of_another_member`).
    ("POST /api/daemon/heartbeat",                          [401, 401, 401, 401, 401, 401, 403, 403, 404]),
    // Out-of-reach ids are skipped, so another workspace's token gets 200 (nothing changes).
    ("POST /api/daemon/deregister",                         [401, 401, 401, 401, 401, 401, 403, 403, 200]),
    ("GET /api/daemon/events",                              [401, 401, 401, 401, 401, 401, 200, 200, 404]),
    ("GET /api/daemon/workspaces/{id}/runtime-profiles",    [401, 401, 401, 401, 401, 401, 200, 200, 404]),
    // The task runs on the object owner's runtime: another member's daemon claims nothing
    // there (skipped, 200) and may not report on it (404, never 403).
    ("POST /api/daemon/tasks/claim",                        [401, 401, 401, 401, 401, 401, 200, 200, 200]),
    ("POST /api/daemon/tasks/{id}/start",                   [401, 401, 401, 401, 401, 401, 404, 404, 404]),
    ("POST /api/daemon/tasks/{id}/messages",                [401, 401, 401, 401, 401, 401, 404, 404, 404]),
    ("POST /api/daemon/tasks/{id}/progress",                [401, 401, 401, 401, 401, 401, 404, 404, 404]),
    ("POST /api/daemon/tasks/{id}/complete",                [401, 401, 401, 401, 401, 401, 404, 404, 404]),
    ("POST /api/daemon/tasks/{id}/fail",                    [401, 401, 401, 401, 401, 401, 404, 404, 404]),
    ("GET /api/daemon/tasks/{id}/status",                   [401, 401, 401, 401, 401, 401, 404, 404, 404]),
    ("POST /api/daemon/tasks/{id}/prepare-lease",           [401, 401, 401, 401, 401, 401, 404, 404, 404]),
    ("POST /api/daemon/tasks/{id}/cancel-ack",              [401, 401, 401, 401, 401, 401, 404, 404, 404]),
    ("POST /api/daemon/runtimes/{id}/recover-orphans",      [401, 401, 401, 401, 401, 401, 404, 404, 404]),
    // The task is the object owner's agent's (shared with the workspace), run for her: every
    // member sees it; she, the owner and the admin may stop it, the plain member may not.
    ("GET /api/tasks",                                      [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("GET /api/tasks/{id}",                                 [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("GET /api/tasks/{id}/messages",                        [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("GET /api/tasks/{id}/tool-calls",                      [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("POST /api/tasks/{id}/cancel",                         [401, 404, 403, 200, 200, 200, 401, 403, 401]),
    ("GET /api/workspaces",                                 [401, 200, 200, 200, 200, 200, 401, 200, 401]),
    ("POST /api/workspaces",                                [401, 201, 201, 201, 201, 201, 401, 201, 401]),
    ("GET /api/workspaces/{id}",                            [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("PATCH /api/workspaces/{id}",                          [401, 404, 403, 200, 200, 403, 401, 403, 401]),
    ("DELETE /api/workspaces/{id}",                         [401, 404, 403, 403, 204, 403, 401, 403, 401]),
    ("GET /api/workspaces/{id}/members",                    [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    // Member routes act on the object owner: nobody changes their own role; anyone may leave.
    ("PATCH /api/workspaces/{id}/members/{user_id}",        [401, 404, 403, 200, 200, 403, 401, 403, 401]),
    ("DELETE /api/workspaces/{id}/members/{user_id}",       [401, 404, 403, 204, 204, 204, 401, 403, 401]),
    // The only owner cannot leave.
    ("POST /api/workspaces/{id}/leave",                     [401, 404, 204, 204, 409, 204, 401, 204, 401]),
    ("GET /api/workspaces/{id}/invitations",                [401, 404, 403, 200, 200, 403, 401, 403, 401]),
    ("POST /api/workspaces/{id}/invitations",               [401, 404, 403, 201, 201, 403, 401, 403, 401]),
    ("DELETE /api/workspaces/{id}/invitations/{invitation_id}", [401, 404, 403, 204, 204, 403, 401, 403, 401]),
    // Members list and mint their own daemon tokens; another member's is not found to them.
    ("GET /api/workspaces/{id}/daemon-tokens",              [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("POST /api/workspaces/{id}/daemon-tokens",             [401, 404, 201, 201, 201, 201, 401, 201, 401]),
    ("DELETE /api/workspaces/{id}/daemon-tokens/{token_id}", [401, 404, 404, 204, 204, 204, 401, 404, 401]),
    ("GET /api/invitations/{token}",                        [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    // The invitation is addressed to the outsider's email.
    ("POST /api/invitations/{token}/accept",                [401, 200, 403, 403, 403, 403, 401, 403, 401]),
    ("GET /api/workspaces/{id}/runtime-profiles",           [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("POST /api/workspaces/{id}/runtime-profiles",          [401, 404, 403, 201, 201, 403, 401, 403, 401]),
    ("GET /api/workspaces/{id}/runtime-profiles/{profile_id}", [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("PATCH /api/workspaces/{id}/runtime-profiles/{profile_id}", [401, 404, 403, 200, 200, 403, 401, 403, 401]),
    ("PUT /api/workspaces/{id}/runtime-profiles/{profile_id}", [401, 404, 403, 200, 200, 403, 401, 403, 401]),
    ("DELETE /api/workspaces/{id}/runtime-profiles/{profile_id}", [401, 404, 403, 204, 204, 403, 401, 403, 401]),
    ("GET /api/workspaces/{id}/teams",                      [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("POST /api/workspaces/{id}/teams",                     [401, 404, 403, 201, 201, 403, 401, 403, 401]),
    ("GET /api/workspaces/{id}/teams/{team_id}",            [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("PATCH /api/workspaces/{id}/teams/{team_id}",          [401, 404, 403, 200, 200, 403, 401, 403, 401]),
    ("DELETE /api/workspaces/{id}/teams/{team_id}",         [401, 404, 403, 204, 204, 403, 401, 403, 401]),
    ("PUT /api/workspaces/{id}/teams/{team_id}/members",    [401, 404, 403, 200, 200, 403, 401, 403, 401]),
    // Issues are shared in a workspace: every member (and every run in it, by its task token)
    // reads, creates, edits and comments on all of them.
    ("GET /api/issues",                                     [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("POST /api/issues",                                    [401, 404, 201, 201, 201, 201, 401, 201, 401]),
    ("GET /api/issues/{id}",                                [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("PATCH /api/issues/{id}",                              [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("GET /api/issues/{id}/children",                       [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("GET /api/issues/{id}/comments",                       [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("POST /api/issues/{id}/comments",                      [401, 404, 201, 201, 201, 201, 401, 201, 401]),
    ("GET /api/issues/{id}/metadata",                       [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("PUT /api/issues/{id}/metadata/{key}",                 [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("DELETE /api/issues/{id}/metadata/{key}",              [401, 404, 204, 204, 204, 204, 401, 204, 401]),
    // The agent is shared with the workspace, so every member may ask it for a rerun.
    ("POST /api/issues/{id}/rerun",                         [401, 404, 202, 202, 202, 202, 401, 202, 401]),
    ("GET /api/workspace",                                  [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    // A chat session is its creator's alone: anyone else is told it does not exist.
    ("POST /api/chat/sessions",                             [401, 404, 201, 201, 201, 201, 401, 201, 401]),
    ("GET /api/chat/sessions",                              [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("GET /api/chat/sessions/{id}",                         [401, 404, 404, 404, 404, 200, 401, 404, 401]),
    ("POST /api/chat/sessions/{id}/messages",               [401, 404, 404, 404, 404, 201, 401, 404, 401]),
    ("POST /api/chat/sessions/{id}/archive",                [401, 404, 404, 404, 404, 200, 401, 404, 401]),
    ("POST /api/quick-create",                              [401, 404, 202, 202, 202, 202, 401, 202, 401]),
    // Every member reads autopilots and may press "Run now" (gated on them); the creator and
    // the owners and admins change them.
    ("GET /api/autopilots",                                 [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("POST /api/autopilots",                                [401, 404, 201, 201, 201, 201, 401, 201, 401]),
    ("GET /api/autopilots/{id}",                            [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("PATCH /api/autopilots/{id}",                          [401, 404, 403, 200, 200, 200, 401, 403, 401]),
    ("DELETE /api/autopilots/{id}",                         [401, 404, 403, 204, 204, 204, 401, 403, 401]),
    ("POST /api/autopilots/{id}/run",                       [401, 404, 202, 202, 202, 202, 401, 202, 401]),
    ("GET /api/autopilots/{id}/runs",                       [401, 404, 200, 200, 200, 200, 401, 200, 401]),
    ("GET /api/workspace/assignees",                        [401, 404, 200, 200, 200, 200, 401, 200, 401]),
];
