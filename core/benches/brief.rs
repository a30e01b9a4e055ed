//! Micro-benchmark of the runtime brief (`cargo bench -p agentry-core --bench brief`): the
//! server builds one per claimed task to hash it, the daemon rebuilds it per run. Goal: a full
//! issue brief in under 50 µs.

use agentry_core::brief::{
    build_brief, build_turn_prompt, AgentBrief, BriefInputs, CustomStatus, Initiator, IssueTurn,
    OwnerProfile, RepoRef, SkillRef, StatusCategory, TaskKind, TriggerComment, TurnInputs,
    WorkspaceBrief,
};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// A realistic issue brief with every data-gated section present.
fn issue_inputs() -> BriefInputs {
    let agent = AgentBrief {
        id: None,
        name: "Ada Reviewer".into(),
        instructions: "You review pull requests for the API team.\n".repeat(20),
    };
    let workspace = WorkspaceBrief {
        name: "Acme".into(),
        issue_key: "ACME".into(),
        context: "We ship on Fridays; main is protected.\n".repeat(10),
    };
    let mut inputs = BriefInputs::new(TaskKind::Issue, "claude", agent, workspace);
    inputs.owner = Some(OwnerProfile {
        name: "Grace".into(),
        description: "Backend lead.\nPrefers small PRs.\n".into(),
    });
    inputs.repos = (0..5)
        .map(|n| RepoRef {
            url: format!("https://github.com/acme/repo-{n}"),
            description: "A service".into(),
        })
        .collect();
    inputs.skills = (0..8)
        .map(|n| SkillRef {
            name: format!("Skill number {n}"),
            model_visible: true,
        })
        .collect();
    inputs.statuses.custom = vec![CustomStatus {
        category: StatusCategory::InReview,
        key: "qa".into(),
        name: "QA".into(),
        description: "Waiting for QA".into(),
    }];
    inputs
}

fn bench_brief(c: &mut Criterion) {
    let issue = issue_inputs();
    let mut chat = issue.clone();
    chat.kind = TaskKind::Chat;
    let mut turn = TurnInputs::new(TaskKind::Issue);
    turn.issue = Some(IssueTurn {
        id: "4f0c9a2e-0000-4000-8000-000000000001".into(),
        identifier: "ACME-12".into(),
        title: "Fix login".into(),
    });
    turn.trigger = Some(TriggerComment {
        id: "c-1".into(),
        author: "Grace".into(),
    });
    turn.initiator = Some(Initiator::Member {
        name: "Grace".into(),
        email: "grace@acme.test".into(),
    });

    let mut group = c.benchmark_group("brief");
    group.bench_function("build_brief/issue", |b| {
        b.iter(|| build_brief(black_box(&issue)));
    });
    group.bench_function("build_brief/chat", |b| {
        b.iter(|| build_brief(black_box(&chat)));
    });
    group.bench_function("build_turn_prompt/issue", |b| {
        b.iter(|| build_turn_prompt(black_box(&turn)));
    });
    group.finish();
}

criterion_group!(benches, bench_brief);
criterion_main!(benches);
