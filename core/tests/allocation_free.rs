//! Proves the invoke decision allocation-free: every shared case runs 10,000 times under a
//! counting allocator and must not allocate, reallocate or free once. Runs in `cargo test`
//! without the libtest harness (`harness = false`), so no other thread allocates while a
//! region counts.

// A test crate: its helpers may unwrap, since a failed test's panic is its report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod invoke_cases;

use invoke_cases::{cases, Case};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;
use std::hint::black_box;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Panics if deciding any case allocates.
fn assert_allocation_free(cases: &[Case]) {
    for case in cases {
        let region = Region::new(GLOBAL);
        let mut allowed = 0usize;
        for _ in 0..10_000 {
            allowed += usize::from(case.decide());
        }
        let change = region.change();
        assert_eq!(
            (
                change.allocations,
                change.reallocations,
                change.deallocations
            ),
            (0, 0, 0),
            "can_invoke allocated in case {:?}",
            case.name
        );
        black_box(allowed);
    }
    println!(
        "can_invoke: no allocation in {} cases × 10,000 decisions",
        cases.len()
    );
}

fn main() {
    assert_allocation_free(&cases());
}
