//! Tests of the whole brief: the section matrix per kind, the F.8 anchors, byte identity across
//! per-run facts, and golden files (`UPDATE_GOLDEN=1 cargo test -p agentry-core brief` rewrites
//! them after an intended change).

use super::*;
use crate::AgentId;

fn fixture(kind: TaskKind) -> BriefInputs {
    let agent = AgentBrief {
        id: AgentId::parse("00000000-0000-4000-8000-000000000001"),
        name: "Ada *Reviewer*".into(),
        instructions: "You review pull requests.\nBe terse.\n\n".into(),
    };
    let workspace = WorkspaceBrief {
        name: "Acme".into(),
        issue_key: "ACME".into(),
        context: "We ship on Fridays.\nMain branch is `main`.\n  \n".into(),
    };
    let mut inputs = BriefInputs::new(kind, "claude", agent, workspace);
    inputs.owner = Some(OwnerProfile {
        name: "Grace".into(),
        description: "Backend lead.\r\nPrefers small PRs.\n".into(),
    });
    inputs.repos = vec![RepoRef {
        url: "https://github.com/acme/api".into(),
        description: "The API".into(),
    }];
    inputs.project = Some(ProjectBrief {
        title: "Launch".into(),
        description: "Ship v1.".into(),
        resources: vec![
            ProjectResource::GithubRepo {
                url: "https://github.com/acme/web".into(),
                checkout_ref: "release".into(),
                default_branch: "main".into(),
                label: "Web app".into(),
            },
            ProjectResource::Other {
                kind: "doc".into(),
                reference: "{\"url\":\"https://docs.acme.test\"}".into(),
                label: String::new(),
            },
        ],
    });
    inputs.skills = vec![
        SkillRef {
            name: "PR Review".into(),
            model_visible: true,
        },
        SkillRef {
            name: "Hidden".into(),
            model_visible: false,
        },
    ];
    inputs.autopilot = Some(AutopilotBrief {
        id: "ap-1".into(),
        title: "Nightly triage".into(),
        instructions: "Triage new issues.".into(),
    });
    inputs
}

fn bare(kind: TaskKind) -> BriefInputs {
    let workspace = WorkspaceBrief {
        name: "Acme".into(),
        issue_key: "ACME".into(),
        context: " \n\t".into(),
    };
    BriefInputs::new(kind, "codex", AgentBrief::default(), workspace)
}

fn has_line(brief: &str, line: &str) -> bool {
    brief.lines().any(|l| l == line)
}

fn heading(section: Section) -> String {
    section.heading().replace("%CLI%", DEFAULT_CLI)
}

/// The text of one section, from its heading line to the next `#`/`##` heading.
fn section_text(brief: &str, section: Section) -> String {
    let head = heading(section);
    let mut lines = brief.lines().skip_while(|l| *l != head);
    let mut text = String::new();
    if let Some(first) = lines.next() {
        text.push_str(first);
        text.push('\n');
    }
    for line in lines.take_while(|l| !l.starts_with("## ") && !l.starts_with("# ")) {
        text.push_str(line);
        text.push('\n');
    }
    text
}

#[test]
fn the_matrix_matches_the_spec_table() {
    use Gate::{Always as A, Never as N, WhenPresent as P};
    // Columns: issue, autopilot, quick_create, chat (TaskKind::ALL's order).
    let table = [
        (Section::Header, [A, A, A, A]),
        (Section::BackgroundSafety, [A, A, A, A]),
        (Section::AgentIdentity, [P, P, P, P]),
        (Section::RequestingUser, [P, P, P, P]),
        (Section::WorkspaceContext, [P, P, P, P]),
        (Section::AvailableCommands, [A, A, A, A]),
        (Section::IssueBodyFormatting, [A, A, A, A]),
        (Section::CommentFormatting, [A, N, N, N]),
        (Section::Repositories, [P, P, N, P]),
        (Section::ProjectContext, [P, P, P, P]),
        (Section::IssueMetadata, [A, N, N, N]),
        (Section::InstructionPrecedence, [A, N, N, N]),
        (Section::Workflow, [A, A, A, A]),
        (Section::SubIssues, [A, N, N, N]),
        (Section::Skills, [P, P, P, P]),
        (Section::Mentions, [A, N, N, N]),
        (Section::Attachments, [A, N, N, N]),
        (Section::AlwaysUseCli, [A, A, A, A]),
        (Section::Output, [A, A, A, A]),
    ];
    assert_eq!(table.map(|row| row.0), Section::ALL);
    for (section, gates) in table {
        for (kind, gate) in TaskKind::ALL.into_iter().zip(gates) {
            assert_eq!(section.gate(kind), gate, "{section:?} for {kind:?}");
        }
    }
}

#[test]
fn each_kind_shows_exactly_its_sections_in_matrix_order() {
    for kind in TaskKind::ALL {
        for inputs in [fixture(kind), bare(kind)] {
            let brief = build_brief(&inputs);
            let mut last = 0;
            for section in Section::ALL {
                let head = heading(section);
                let want = match section.gate(kind) {
                    Gate::Always => true,
                    Gate::Never => false,
                    Gate::WhenPresent => inputs == fixture(kind),
                };
                assert_eq!(has_line(&brief, &head), want, "{section:?} in {kind:?}");
                if want {
                    let at = brief.find(&format!("{head}\n")).unwrap();
                    assert!(at >= last, "{section:?} out of order in {kind:?}");
                    last = at;
                }
            }
        }
    }
}

#[test]
fn every_brief_names_our_cli_and_nothing_else() {
    for kind in TaskKind::ALL {
        let brief = build_brief(&fixture(kind));
        assert!(!brief.contains("%CLI%"), "{kind:?}");
        assert!(!brief.to_lowercase().contains("multica"), "{kind:?}");
        assert!(brief.starts_with("# Agentry Agent Runtime\n\n"));
        assert!(brief.ends_with(".\n") && !brief.ends_with("\n\n"));
    }
}

#[test]
fn a_custom_cli_name_is_taught_and_an_unsafe_one_falls_back() {
    let mut inputs = fixture(TaskKind::Issue);
    inputs.cli = "agentry-dev".into();
    let brief = build_brief(&inputs);
    assert!(brief.contains("- `agentry-dev issue get <id>` — "));
    assert!(has_line(
        &brief,
        "## Important: Always Use the `agentry-dev` CLI"
    ));
    inputs.cli = "rm -rf /".into();
    assert_eq!(build_brief(&inputs), build_brief(&fixture(TaskKind::Issue)));
}

#[test]
fn the_issue_brief_has_the_short_issue_get_bullet() {
    let brief = build_brief(&fixture(TaskKind::Issue));
    assert!(has_line(
        &brief,
        "- `agentry issue get <id>` — read one issue, metadata included."
    ));
}

#[test]
fn every_kind_forbids_an_h1_at_the_start_of_an_issue_body() {
    for kind in TaskKind::ALL {
        let text = section_text(&build_brief(&bare(kind)), Section::IssueBodyFormatting);
        assert!(
            text.contains("never start with a `# ...` H1 line"),
            "{kind:?}"
        );
        assert!(text.contains("Open with prose or a `##` heading"));
        assert!(text.contains("only when someone explicitly asks"));
    }
}

#[test]
fn background_safety_carries_every_pinned_concept() {
    let brief = build_brief(&bare(TaskKind::Chat));
    let text = section_text(&brief, Section::BackgroundSafety);
    for anchor in [
        "is orphaned: its output is lost",
        "Nothing will wake you when background work completes",
        "never start work in the background and then yield",
        "blocking foreground calls",
        "synchronously",
        "\"standing by\"",
        "CI is not part of your run",
        "do not watch them with `gh pr checks --watch`, `gh run watch` or sleep-and-retry loops",
        "a merge gate, not your acceptance criterion",
        "\"Local tests pass; CI running: <PR link>\"",
        "durable log",
        "cleanup handle (a PID file or a named profile)",
        "check that it is ready",
        "its URL, where the logs are and how to stop it",
        "best-effort",
    ] {
        assert!(text.contains(anchor), "missing {anchor:?}");
    }
    assert_eq!(brief.matches("exception").count(), 1);
    assert_eq!(brief.matches("`gh pr checks <pr> --watch`").count(), 1);
    assert_eq!(brief.matches("gh run watch").count(), 1);
    assert!(!brief.contains("the rules above"));
}

#[test]
fn the_stream_rule_appears_exactly_once_in_full_and_minimal_commands() {
    for kind in TaskKind::ALL {
        let brief = build_brief(&fixture(kind));
        assert_eq!(brief.matches(commands::STREAM_RULE).count(), 1, "{kind:?}");
    }
    let rule = commands::STREAM_RULE;
    assert!(rule.contains("JSON goes to stdout; confirmations and warnings go to stderr"));
    assert!(rule.contains("Never merge the two (`2>&1`)"));
    assert!(rule.contains("a write that succeeded would then look like a failure"));
}

#[test]
fn quick_create_commands_teach_create_and_help_only() {
    let brief = build_brief(&fixture(TaskKind::QuickCreate));
    let text = section_text(&brief, Section::AvailableCommands);
    assert!(text.contains("`agentry issue create --title <title>"));
    assert!(text.contains("`agentry --help`"));
    for banned in [
        "issue get",
        "issue list",
        "comment list",
        "issue update",
        "issue status",
        "issue assign",
        "comment add",
        "metadata",
        "children",
        "autopilot get",
        "workspace get",
    ] {
        assert!(!text.contains(banned), "quick-create teaches {banned:?}");
    }
}

#[test]
fn skills_are_listed_by_slug_only_for_every_family() {
    for family in ["claude", "codex", "something-unknown"] {
        let mut inputs = fixture(TaskKind::Issue);
        inputs.family = family.into();
        let text = section_text(&build_brief(&inputs), Section::Skills);
        assert!(text.contains("discovered automatically"));
        assert!(has_line(&text, "- **pr-review**"));
        assert!(!text.contains("hidden"));
        assert!(!text.contains(".agent_context/skills/"));
        assert!(!text.contains("PR Review"));
    }
}

#[test]
fn workspace_context_sits_above_the_commands_and_vanishes_when_blank() {
    for kind in TaskKind::ALL {
        let brief = build_brief(&fixture(kind));
        let context = brief.find("## Workspace Context\n").unwrap();
        let commands = brief.find("## Available Commands\n").unwrap();
        assert!(context < commands, "{kind:?}");
        assert!(brief.contains("We ship on Fridays.\nMain branch is `main`.\n\n"));
        assert!(!has_line(&build_brief(&bare(kind)), "## Workspace Context"));
    }
}

#[test]
fn sub_issue_guidance_is_for_issue_runs_and_never_names_the_column() {
    let brief = build_brief(&fixture(TaskKind::Issue));
    let text = section_text(&brief, Section::SubIssues);
    assert!(text.contains("`--status todo`") && text.contains("`--status backlog`"));
    for kind in TaskKind::ALL {
        let brief = build_brief(&fixture(kind));
        assert!(!brief.contains("parent_issue_id"));
        assert_eq!(
            has_line(&brief, "## Sub-issue Creation"),
            kind == TaskKind::Issue
        );
    }
}

#[test]
fn no_brief_tells_the_agent_to_notify_a_parent_issue() {
    for kind in TaskKind::ALL {
        let brief = build_brief(&fixture(kind)).to_lowercase();
        for banned in [
            "notify the parent",
            "parent's assignee",
            "tell the parent",
            "comment on the parent",
            "update the parent",
            "parent issue's",
            "issue status <this-issue-id> in_review",
            "status <issue-id> in_review",
        ] {
            assert!(!brief.contains(banned), "{kind:?} says {banned:?}");
        }
    }
}

#[test]
fn output_rules_belong_to_their_kind() {
    let issue = section_text(&build_brief(&bare(TaskKind::Issue)), Section::Output);
    assert!(issue.contains("exactly ONE comment per run"));
    assert!(issue.contains("No progress comments"));
    let chat = section_text(&build_brief(&bare(TaskKind::Chat)), Section::Output);
    assert!(chat.contains("straight to the chat window"));
    assert!(!chat.contains("ONE comment") && !chat.contains("issue comment add"));
    let quick = section_text(&build_brief(&bare(TaskKind::QuickCreate)), Section::Output);
    assert!(quick.contains("`Created <identifier>: <title>`"));
    let autopilot = section_text(&build_brief(&bare(TaskKind::Autopilot)), Section::Output);
    assert!(autopilot.contains("recorded as the run's result"));
    for kind in TaskKind::ALL {
        let text = section_text(&build_brief(&bare(kind)), Section::Output);
        assert!(
            text.trim_end()
                .ends_with(output::DELIVERY_INVARIANT.trim_end()),
            "{kind:?}"
        );
    }
}

#[test]
fn the_autopilot_brief_carries_the_issue_guard() {
    let brief = build_brief(&fixture(TaskKind::Autopilot));
    assert!(brief.contains(&autopilot_issue_guard(DEFAULT_CLI)));
    assert!(brief.contains("**There is no assigned issue:**"));
    assert!(brief.contains("#### Autopilot instructions\n\nTriage new issues.\n"));
    assert!(brief.contains("`agentry autopilot get ap-1`"));
    assert!(!build_brief(&fixture(TaskKind::Issue)).contains(&autopilot_issue_guard("agentry")));
}

fn status_text(custom: Vec<CustomStatus>, omitted: u32) -> String {
    let mut inputs = bare(TaskKind::Issue);
    inputs.statuses = StatusCatalog { custom, omitted };
    let brief = build_brief(&inputs);
    let start = brief
        .find("- `agentry issue status <id> <status>`")
        .unwrap();
    let end = brief.find("- `agentry issue children").unwrap();
    brief[start..end].to_owned()
}

fn custom(category: StatusCategory, key: &str, name: &str, description: &str) -> CustomStatus {
    CustomStatus {
        category,
        key: key.into(),
        name: name.into(),
        description: description.into(),
    }
}

#[test]
fn the_status_bullet_lists_built_ins_when_there_are_no_custom_statuses() {
    let legacy = status_text(Vec::new(), 0);
    assert_eq!(
        legacy,
        "- `agentry issue status <id> <status>` — set the status: `backlog`, `todo`, \
         `in_progress`, `in_review`, `done` or `cancelled`.\n"
    );
    let only_invalid = vec![custom(StatusCategory::Todo, "bad key", "X", "")];
    assert_eq!(status_text(only_invalid, 0), legacy);
}

#[test]
fn custom_statuses_are_grouped_by_category_and_sanitised() {
    let text = status_text(
        vec![
            custom(
                StatusCategory::InReview,
                "qa",
                "QA *bold*\n# Heading",
                "Needs QA",
            ),
            custom(StatusCategory::Todo, "triage", "Triage", ""),
            custom(StatusCategory::Todo, "bad key", "Dropped", ""),
            custom(StatusCategory::Todo, "plain", "", ""),
        ],
        0,
    );
    assert!(text.contains("a custom status behaves like its category:\n"));
    assert!(text.contains("  - `todo`: `todo` (built-in), `triage` (Triage), `plain`\n"));
    assert!(text.contains(
        "  - `in_review`: `in_review` (built-in), `qa` (QA \\*bold\\* # Heading — Needs QA)\n"
    ));
    assert!(text.contains("  - Built-in key only: `backlog`, `in_progress`, `done`, `cancelled`\n"));
    assert!(!text.contains("Dropped") && !text.contains("more custom statuses"));
    let todo = text.find("`todo`:").unwrap();
    assert!(todo < text.find("`in_review`:").unwrap());
    let capped = status_text(vec![custom(StatusCategory::Done, "shipped", "", "")], 3);
    assert!(capped.contains("…and 3 more custom statuses not listed"));
    let mut inputs = bare(TaskKind::Issue);
    inputs.statuses.custom = vec![custom(StatusCategory::Done, "shipped", "", "")];
    assert!(build_brief(&inputs).contains("These are category rules."));
    assert!(!build_brief(&bare(TaskKind::Issue)).contains("These are category rules."));
}

#[test]
fn comment_advice_follows_the_host_os() {
    let mut inputs = bare(TaskKind::Issue);
    let unix = section_text(&build_brief(&inputs), Section::CommentFormatting);
    assert!(unix.contains("--content-file ./reply.md") && unix.contains("`rm ./reply.md`"));
    assert!(unix.contains("HEREDOC"));
    inputs.host_os = HostOs::Windows;
    let windows = section_text(&build_brief(&inputs), Section::CommentFormatting);
    assert!(windows.contains("PowerShell") && windows.contains("`Remove-Item ./reply.md`"));
}

#[test]
fn identity_sanitises_the_name_and_keeps_instructions_verbatim() {
    let brief = build_brief(&fixture(TaskKind::Chat));
    let text = section_text(&brief, Section::AgentIdentity);
    assert!(text.contains(
        "**You are: Ada \\*Reviewer\\*** (ID: `00000000-0000-4000-8000-000000000001`)\n\n\
         You review pull requests.\nBe terse.\n\n"
    ));
    let mut only_instructions = bare(TaskKind::Chat);
    only_instructions.agent.instructions = "Do X.".into();
    let text = section_text(&build_brief(&only_instructions), Section::AgentIdentity);
    assert_eq!(text, "## Agent Identity\n\nDo X.\n\n");
}

#[test]
fn the_owner_description_is_quoted_as_background() {
    let text = section_text(
        &build_brief(&fixture(TaskKind::Issue)),
        Section::RequestingUser,
    );
    assert!(text.contains("This runtime belongs to **Grace**"));
    assert!(text.contains("> Backend lead.\n> Prefers small PRs.\n\nThis is background"));
    assert!(text.contains("the task wins"));
}

/// Inputs of one conversation, paired with per-run facts that must not reach the brief.
fn runs(kind: TaskKind) -> Vec<TurnInputs> {
    let member = Initiator::Member {
        name: "Grace".into(),
        email: "grace@acme.test".into(),
    };
    let agent = Initiator::Agent {
        name: "Planner".into(),
    };
    let issue = |id: &str| IssueTurn {
        id: id.into(),
        identifier: "ACME-1".into(),
        title: "Fix it".into(),
    };
    let mut variants = Vec::new();
    let mut turn = TurnInputs::new(kind);
    turn.issue = Some(issue("issue-a"));
    variants.push(turn.clone());
    turn.trigger = Some(TriggerComment {
        id: "c-1".into(),
        author: "Grace".into(),
    });
    variants.push(turn.clone());
    turn.trigger = Some(TriggerComment {
        id: "c-2".into(),
        author: "Planner".into(),
    });
    turn.resumed = true;
    turn.new_comments = 4;
    turn.since = Some("2025-05-01T10:00:00Z".into());
    variants.push(turn.clone());
    turn.initiator = Some(member);
    variants.push(turn.clone());
    turn.initiator = Some(agent);
    turn.connected_apps = vec!["notion".into(), "github".into()];
    variants.push(turn.clone());
    turn.issue = Some(issue("issue-b"));
    turn.handoff_note = "Picked up from Ada.".into();
    turn.chat_message = "And now?".into();
    turn.quick_create_prompt = "Track the outage".into();
    turn.autopilot_run = Some(AutopilotRun {
        run_id: "run-9".into(),
        trigger_source: "schedule".into(),
        trigger_payload: "{}".into(),
    });
    variants.push(turn);
    variants
}

#[test]
fn per_run_facts_change_the_turn_prompt_but_never_the_brief() {
    for kind in TaskKind::ALL {
        for family in ["claude", "codex"] {
            let mut inputs = fixture(kind);
            inputs.family = family.into();
            let brief = build_brief(&inputs);
            let turns = runs(kind);
            let prompts: Vec<String> = turns.iter().map(build_turn_prompt).collect();
            for (turn, prompt) in turns.iter().zip(&prompts) {
                // The daemon builds both from one claim; the brief only ever sees `inputs`.
                assert_eq!(build_brief(&inputs), brief, "{kind:?} {turn:?}");
                assert!(!brief.contains("issue-a") && !brief.contains("c-1"));
                assert!(!brief.contains("Planner") && !brief.contains("notion"));
                assert!(!prompt.is_empty());
            }
            assert_ne!(prompts.first(), prompts.last(), "{kind:?}");
        }
    }
}

#[test]
fn the_family_does_not_change_the_brief_bytes() {
    for kind in TaskKind::ALL {
        let mut codex = fixture(kind);
        codex.family = "codex".into();
        assert_eq!(build_brief(&fixture(kind)), build_brief(&codex));
    }
}

#[test]
fn agent_and_workspace_changes_do_change_the_brief() {
    type Change = fn(&mut BriefInputs);
    let changes: [(&str, Change); 5] = [
        ("agent name", |i| i.agent.name = "Bea".into()),
        ("instructions", |i| {
            i.agent.instructions = "Other job.".into()
        }),
        ("workspace context", |i| {
            i.workspace.context = "Ship Mondays.".into()
        }),
        ("workspace name", |i| i.workspace.name = "Beta".into()),
        ("issue key", |i| i.workspace.issue_key = "BETA".into()),
    ];
    for kind in TaskKind::ALL {
        let base = build_brief(&fixture(kind));
        for (what, change) in changes {
            let mut inputs = fixture(kind);
            change(&mut inputs);
            let changed = build_brief(&inputs);
            assert_ne!(changed, base, "{what} for {kind:?}");
            assert_ne!(brief_hash(&changed), brief_hash(&base));
        }
    }
}

#[test]
fn inputs_survive_the_claim_payload_round_trip_byte_for_byte() {
    for kind in TaskKind::ALL {
        let inputs = fixture(kind);
        let json = serde_json::to_string(&inputs).unwrap();
        let back: BriefInputs = serde_json::from_str(&json).unwrap();
        assert_eq!(back, inputs);
        assert_eq!(
            brief_hash(&build_brief(&back)),
            brief_hash(&build_brief(&inputs))
        );
    }
    let minimal =
        r#"{"kind":"chat","family":"claude","agent":{},"workspace":{"name":"A","issue_key":"A"}}"#;
    let inputs: BriefInputs = serde_json::from_str(minimal).unwrap();
    assert_eq!(inputs.cli, DEFAULT_CLI);
}

#[test]
fn golden_briefs_match_the_files_on_disk() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for kind in TaskKind::ALL {
        let path = dir.join(format!("brief_{}.md", kind.as_str()));
        let brief = build_brief(&fixture(kind));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &brief).unwrap();
        }
        let golden = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} missing: run with UPDATE_GOLDEN=1", path.display()));
        assert!(
            golden == brief,
            "{} differs: run with UPDATE_GOLDEN=1",
            path.display()
        );
    }
}
