//! Micro-benchmark of the invoke decision (`cargo bench -p agentry-core --bench invoke`), the
//! check every run, mention and chat message will pass through. That it never allocates is
//! proved by `tests/allocation_free.rs`, which `cargo test` runs, over the same cases.

#[path = "../tests/invoke_cases/mod.rs"]
mod invoke_cases;

use criterion::{criterion_group, criterion_main, Criterion};
use invoke_cases::cases;

fn bench_invoke(c: &mut Criterion) {
    let cases = cases();
    let mut group = c.benchmark_group("can_invoke");
    for case in &cases {
        group.bench_function(case.name, |b| b.iter(|| case.decide()));
    }
    group.finish();
}

criterion_group!(benches, bench_invoke);
criterion_main!(benches);
