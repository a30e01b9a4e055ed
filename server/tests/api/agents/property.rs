//! The property test of issue 3: random workspaces (roles, teams with random members, agents
//! with random owners, modes and targets, then removals, team changes and archiving) are built
//! through the API while a model records the facts; then for every (person, agent) pair the
//! server's `GET /api/agents/{id}/permissions` must equal `core::agent_permissions` computed
//! from the model, and `GET /api/agents` must list exactly the agents `core::can_view` admits.
//!
//! HTTP callers are always members acting for themselves; agent and system actors (with and
//! without originators) have no HTTP surface yet and are covered by `core`'s own property test
//! (`core/src/agents/props.rs`), which checks the same gates over random actors.

use super::*;
use agentry_core::agents::{
    agent_permissions, can_view, parse_permission_input, AgentAccess, Caller, InvocationTarget,
    PermissionChange, PermissionInput, PermissionMode,
};
use agentry_core::api::agents::AgentPermissions;
use agentry_core::{Role, TeamId, UserId, WorkspaceId};
use std::collections::{BTreeMap, BTreeSet};

/// xorshift64*: reproducible randomness without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        (!items.is_empty()).then(|| items[self.below(items.len())])
    }
}

struct Person {
    client: Client,
    id: UserId,
    email: String,
}

struct AgentModel {
    id: String,
    owner: usize,
    mode: PermissionMode,
    targets: Vec<InvocationTarget>,
    archived: bool,
}

struct WorkspaceModel {
    id: String,
    roles: BTreeMap<usize, Role>,
    teams: BTreeMap<String, BTreeSet<usize>>,
    agents: Vec<AgentModel>,
}

impl WorkspaceModel {
    fn members(&self) -> Vec<usize> {
        self.roles.keys().copied().collect()
    }

    fn teams_of(&self, person: usize) -> Vec<TeamId> {
        self.teams
            .iter()
            .filter(|(_, members)| members.contains(&person))
            .filter_map(|(id, _)| TeamId::parse(id))
            .collect()
    }

    fn teams_path(&self) -> String {
        format!("/api/workspaces/{}/teams", self.id)
    }
}

const PEOPLE: usize = 7;
const WORKSPACES: usize = 4;

async fn random_world(seed: u64) {
    let mut rng = Rng(seed);
    let app = TestApp::new().await;
    let mut people = Vec::new();
    for n in 0..PEOPLE {
        let email = format!("p{n}@prop.test");
        let client = app.register(&email, &format!("P{n}")).await;
        let id = UserId::parse(&client.user_id().await).unwrap();
        people.push(Person { client, id, email });
    }
    let mut worlds = Vec::new();
    for w in 0..WORKSPACES {
        worlds.push(build_workspace(&mut rng, &people, w).await);
    }
    for world in &mut worlds {
        mutate(&mut rng, &people, world).await;
    }
    let mut seen = BTreeSet::new();
    for world in &worlds {
        check(&people, world, &mut seen).await;
    }
    // The generator must reach the interesting cases, whatever the seed: a seed whose worlds
    // missed one gets a few more workspaces from the same stream before that is a failure.
    const REASONS: [&str; 6] = [
        "allowed_owner",
        "allowed_workspace",
        "allowed_member",
        "allowed_team",
        "denied_private",
        "denied_not_targeted",
    ];
    let mut extra = 0;
    while extra < 8 && REASONS.iter().any(|reason| !seen.contains(*reason)) {
        let mut world = build_workspace(&mut rng, &people, WORKSPACES + extra).await;
        mutate(&mut rng, &people, &mut world).await;
        check(&people, &world, &mut seen).await;
        extra += 1;
    }
    for reason in REASONS {
        assert!(
            seen.contains(reason),
            "seed {seed:#x} never produced {reason}: {seen:?}"
        );
    }
}

async fn build_workspace(rng: &mut Rng, people: &[Person], n: usize) -> WorkspaceModel {
    let creator = rng.below(PEOPLE);
    let created = people[creator]
        .client
        .post(
            "/api/workspaces",
            json!({"name": format!("W{n}"), "slug": format!("world-{n}")}),
        )
        .await
        .expect(201);
    let mut world = WorkspaceModel {
        id: created["id"].as_str().unwrap().to_owned(),
        roles: BTreeMap::from([(creator, Role::Owner)]),
        teams: BTreeMap::new(),
        agents: Vec::new(),
    };
    let owner = &people[creator].client;
    // Roles: most people join, as admin or member; some admins are made owners.
    for (p, person) in people.iter().enumerate() {
        if p == creator || rng.chance(25) {
            continue;
        }
        let role = if rng.chance(30) { "admin" } else { "member" };
        invite_existing(owner, &world.id, &person.client, &person.email, role).await;
        let mut role = Role::parse(role).unwrap();
        if role == Role::Admin && rng.chance(40) {
            owner
                .patch(
                    &format!("/api/workspaces/{}/members/{}", world.id, person.id),
                    json!({"role": "owner"}),
                )
                .await
                .expect(200);
            role = Role::Owner;
        }
        world.roles.insert(p, role);
    }
    // Teams with random members.
    for t in 0..rng.below(3) + 1 {
        let team = owner
            .post(&world.teams_path(), json!({"name": format!("T{t}")}))
            .await
            .expect(201);
        let id = team["id"].as_str().unwrap().to_owned();
        let members: BTreeSet<usize> = world
            .members()
            .into_iter()
            .filter(|_| rng.chance(40))
            .collect();
        set_team(people, owner, &world, &id, &members).await;
        world.teams.insert(id, members);
    }
    // Agents with random owners, modes and targets.
    for a in 0..rng.below(4) + 4 {
        let owner_index = rng.pick(&world.members()).unwrap();
        let body = random_access(rng, people, &world, &format!("A{a}"));
        let input = PermissionInput::from_json_map(body.as_object().unwrap()).unwrap();
        let expected = match parse_permission_input(&input, ws_id(&world), true).unwrap() {
            PermissionChange::Set(setting) => setting,
            PermissionChange::Keep => unreachable!("create never keeps"),
        };
        let agent = people[owner_index]
            .client
            .at(&world.id)
            .create_agent(body)
            .await;
        assert_eq!(agent["permission_mode"], expected.permission_mode.as_str());
        let mut targets = expected.invocation_targets;
        // The server lists targets by type, then id (spec §2.2; one write gives them one
        // creation time), and the first admitting target names the reason.
        targets.sort_by_key(|t| (t.target_type.as_str(), t.target_id.map(|id| id.to_string())));
        world.agents.push(AgentModel {
            id: id_of(&agent),
            owner: owner_index,
            mode: expected.permission_mode,
            targets,
            archived: false,
        });
    }
    world
}

fn ws_id(world: &WorkspaceModel) -> WorkspaceId {
    WorkspaceId::parse(&world.id).unwrap()
}

/// A create body with random access: nothing, a legacy visibility, private, or `public_to`
/// with random workspace, member and team targets (current members and teams only).
fn random_access(rng: &mut Rng, people: &[Person], world: &WorkspaceModel, name: &str) -> Value {
    match rng.below(6) {
        0 => json!({"name": name}),
        1 => {
            json!({"name": name, "visibility": if rng.chance(50) { "workspace" } else { "private" }})
        }
        2 => json!({"name": name, "permission_mode": "private"}),
        _ => {
            let members = world.members();
            let teams: Vec<&String> = world.teams.keys().collect();
            let mut targets = Vec::new();
            for _ in 0..rng.below(4) {
                match rng.below(5) {
                    0 => targets.push(json!({"target_type": "workspace"})),
                    1 | 2 => {
                        let p = rng.pick(&members).unwrap();
                        targets.push(member_target(&people[p].id.to_string()));
                    }
                    _ => {
                        if let Some(team) = rng.pick(&teams) {
                            targets.push(team_target(team));
                        }
                    }
                }
            }
            shared(name, json!(targets))
        }
    }
}

async fn set_team(
    people: &[Person],
    by: &Client,
    world: &WorkspaceModel,
    team: &str,
    members: &BTreeSet<usize>,
) {
    let ids: Vec<String> = members.iter().map(|&p| people[p].id.to_string()).collect();
    by.put(
        &format!("{}/{team}/members", world.teams_path()),
        json!({"user_ids": ids}),
    )
    .await
    .expect(200);
}

impl AgentModel {
    /// Drops the targets `gone` matches; an agent that loses its last one becomes private.
    fn prune(&mut self, gone: impl Fn(&InvocationTarget) -> bool) {
        let before = self.targets.len();
        self.targets.retain(|t| !gone(t));
        if before > 0 && self.targets.is_empty() {
            self.mode = PermissionMode::Private;
        }
    }
}

/// After the agents exist: someone may be removed (pruning their member grants), a team may
/// change members or be deleted (pruning its grants), and agents may be archived.
async fn mutate(rng: &mut Rng, people: &[Person], world: &mut WorkspaceModel) {
    let owner = *world
        .roles
        .iter()
        .find(|(_, role)| **role == Role::Owner)
        .unwrap()
        .0;
    let by = people[owner].client.clone();
    let removable: Vec<usize> = world
        .roles
        .iter()
        .filter(|(_, role)| **role != Role::Owner)
        .map(|(p, _)| *p)
        .collect();
    if let Some(gone) = rng.pick(&removable).filter(|_| rng.chance(70)) {
        by.delete(&format!(
            "/api/workspaces/{}/members/{}",
            world.id, people[gone].id
        ))
        .await
        .expect(204);
        world.roles.remove(&gone);
        for members in world.teams.values_mut() {
            members.remove(&gone);
        }
        let gone_id = people[gone].id;
        for agent in &mut world.agents {
            agent.prune(|t| t.is_member(gone_id));
        }
    }
    let team_ids: Vec<String> = world.teams.keys().cloned().collect();
    if let Some(team) = team_ids.first() {
        if rng.chance(50) {
            let members: BTreeSet<usize> = world
                .members()
                .into_iter()
                .filter(|_| rng.chance(50))
                .collect();
            set_team(people, &by, world, team, &members).await;
            world.teams.insert(team.clone(), members);
        }
    }
    if let Some(team) = team_ids.get(1).filter(|_| rng.chance(50)) {
        by.delete(&format!("{}/{team}", world.teams_path()))
            .await
            .expect(204);
        world.teams.remove(team);
        let team_id = TeamId::parse(team).unwrap();
        for agent in &mut world.agents {
            agent.prune(|t| t.is_team_in(&[team_id]));
        }
    }
    for agent in &mut world.agents {
        if rng.chance(20) {
            by.at(&world.id)
                .post(&format!("/api/agents/{}/archive", agent.id), json!({}))
                .await
                .expect(200);
            agent.archived = true;
        }
    }
}

async fn check(people: &[Person], world: &WorkspaceModel, seen: &mut BTreeSet<&'static str>) {
    // The stored facts match the model (pruning happened, normalisation as in `core`).
    let admin_view = people[*world
        .roles
        .keys()
        .find(|p| world.roles[p] == Role::Owner)
        .unwrap()]
    .client
    .at(&world.id)
    .get("/api/agents?include_archived=true")
    .await
    .expect(200);
    for agent in &world.agents {
        let stored = admin_view
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == agent.id.as_str())
            .expect("owners see every agent");
        let stored_targets: BTreeSet<InvocationTarget> =
            serde_json::from_value(stored["invocation_targets"].clone()).unwrap();
        let expected: BTreeSet<InvocationTarget> = agent.targets.iter().copied().collect();
        assert_eq!(stored_targets, expected, "targets of {}", agent.id);
        assert_eq!(stored["archived_at"].is_string(), agent.archived);
    }

    for (p, person) in people.iter().enumerate() {
        let client = person.client.at(&world.id);
        let Some(role) = world.roles.get(&p).copied() else {
            client
                .get("/api/agents")
                .await
                .expect_error(404, "not_found");
            for agent in &world.agents {
                client
                    .get(&format!("/api/agents/{}/permissions", agent.id))
                    .await
                    .expect_error(404, "not_found");
            }
            continue;
        };
        let teams = world.teams_of(p);
        let caller = Caller::member(person.id, Some(role), &teams);
        let mut visible = BTreeSet::new();
        let mut visible_active = BTreeSet::new();
        for agent in &world.agents {
            let access = AgentAccess {
                owner_id: Some(people[agent.owner].id),
                mode: agent.mode,
                targets: &agent.targets,
            };
            let expected = agent_permissions(&access, &caller);
            seen.insert(expected.can_invoke.reason.code());
            assert_eq!(
                expected.can_view.allowed,
                can_view(&access, &caller).allowed
            );
            let answer = client
                .get(&format!("/api/agents/{}/permissions", agent.id))
                .await;
            if expected.can_view.allowed {
                visible.insert(agent.id.clone());
                if !agent.archived {
                    visible_active.insert(agent.id.clone());
                }
                let body = answer.expect(200);
                assert_eq!(
                    body,
                    serde_json::to_value(AgentPermissions::from(expected)).unwrap(),
                    "person {p} ({role:?}, teams {teams:?}) on agent {} ({:?} {:?})",
                    agent.id,
                    agent.mode,
                    agent.targets
                );
            } else {
                answer.expect_error(403, "agent_no_access");
            }
        }
        assert_eq!(
            listed(&client, "?include_archived=true").await,
            visible,
            "list of person {p} ({role:?})"
        );
        assert_eq!(listed(&client, "").await, visible_active);
    }
}

async fn listed(client: &Ws, query: &str) -> BTreeSet<String> {
    let list = client.get(&format!("/api/agents{query}")).await.expect(200);
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The variable that replays a failed run: `AGENTRY_PROPERTY_SEED=0x… cargo test -p
/// agentry-server --test api random_workspaces` builds the same worlds again.
const SEED_VARIABLE: &str = "AGENTRY_PROPERTY_SEED";

/// The seed of one random world: the replayed one when `AGENTRY_PROPERTY_SEED` is set,
/// otherwise a new one each run (the clock, mixed with `salt` so that the tests of one run
/// differ), so every run explores other workspaces.
fn seed(salt: u64) -> u64 {
    if let Ok(raw) = std::env::var(SEED_VARIABLE) {
        let raw = raw.trim();
        let parsed = match raw.strip_prefix("0x") {
            Some(hex) => u64::from_str_radix(&hex.replace('_', ""), 16),
            None => raw.parse(),
        };
        return parsed.unwrap_or_else(|_| panic!("{SEED_VARIABLE}={raw} is not a number"));
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_nanos() as u64;
    // splitmix64's finaliser spreads nearby clock readings over the whole range; xorshift
    // needs a non-zero state.
    let mut z = nanos ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) | 1
}

/// Prints the seed when the test fails (on the panic's unwinding), with the line that
/// replays it.
struct SeedOnFailure(u64);

impl Drop for SeedOnFailure {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "random world failed with seed {seed:#x}; replay: {SEED_VARIABLE}={seed:#x} \
                 cargo test -p agentry-server --test api random_workspaces",
                seed = self.0
            );
        }
    }
}

async fn random_world_of_this_run(salt: u64) {
    let seed = seed(salt);
    let _report = SeedOnFailure(seed);
    random_world(seed).await;
}

#[tokio::test]
async fn permissions_and_lists_agree_with_core_in_random_workspaces_1() {
    random_world_of_this_run(1).await;
}

#[tokio::test]
async fn permissions_and_lists_agree_with_core_in_random_workspaces_2() {
    random_world_of_this_run(2).await;
}

#[tokio::test]
async fn permissions_and_lists_agree_with_core_in_random_workspaces_3() {
    random_world_of_this_run(3).await;
}
