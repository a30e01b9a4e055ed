#!/usr/bin/env bash
# Fuzzes the parsers that read untrusted text (the command-line splitter, permission input
# parsing, the daemon registration body; fuzz/fuzz_targets/) with libFuzzer through cargo-fuzz,
# each for FUZZ_SECONDS (default 60), and prints executions per target. Not part of `make test`:
# it is slow by design. FUZZ_TARGETS picks targets. The corpus grows in fuzz/corpus/<target>
# (ignored by git); a failing input is saved in fuzz/artifacts/<target>/ and the script fails:
# keep it as a regression test beside the code, fix the bug, then delete the artifact.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-command_line permission_input register_request}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# cargo-fuzz passes nightly-only flags (the sanitizer and coverage passes); RUSTC_BOOTSTRAP
# lets the pinned stable compiler accept them. Its own target directory: those flags differ
# from every other build's.
export RUSTC_BOOTSTRAP=1
unset CARGO_TARGET_DIR

summary=()
for target in $targets; do
  printf '\n\033[1;34m==>\033[0m fuzzing %s for %ss\n' "$target" "$seconds"
  mkdir -p "fuzz/corpus/$target"
  log=$(mktemp)
  # A target's dictionary (fuzz/dict/<target>.dict) gives libFuzzer the words of its format.
  dict=()
  [ -f "fuzz/dict/$target.dict" ] && dict=(-dict="fuzz/dict/$target.dict")
  status=0
  cargo fuzz run --fuzz-dir fuzz --target-dir fuzz/target "$target" -- "${dict[@]}" \
    -max_total_time="$seconds" -print_final_stats=1 -timeout=10 >"$log" 2>&1 || status=$?
  grep -E '^(#[0-9]+[[:space:]]+DONE|Done|==[0-9]+==|SUMMARY|thread|Failing input|error)' "$log" || true
  [ "$status" -eq 0 ] || tail -40 "$log"
  runs=$(awk '/^Done [0-9]+ runs/ {print $2}' "$log")
  rate=$(awk '/^stat::average_exec_per_sec:/ {print $NF}' "$log")
  corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
  if [ "$status" -ne 0 ]; then
    summary+=("$(printf '%-18s FAILED (exit %s); input saved in fuzz/artifacts/%s/' "$target" "$status" "$target")")
  else
    summary+=("$(printf '%-18s %12s runs in %ss (%s executions/s), corpus %s inputs' "$target" "${runs:-?}" "$seconds" "${rate:-?}" "$corpus")")
  fi
  rm -f "$log"
done

printf '\n\033[1;34m==>\033[0m fuzzing summary\n'
failed=0
for line in "${summary[@]}"; do
  echo "  $line"
  case $line in *FAILED*) failed=1 ;; esac
done
exit "$failed"
