#!/usr/bin/env bash
# Runs every test layer of Attune, installing what is missing first:
#   format, clippy (native and wasm32), the engine's purity guard, cargo test (native),
#   wasm-bindgen-test in headless Chromium, a Trunk release build with its size report,
#   and the Playwright journeys against the built dist/.
# Every stage runs even when an earlier one failed (except those that need its output),
# and the last line sums up: "summary: N passed, M failed" over every test and check.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "summary: 0 passed, 1 failed (setup)"; exit 1; }
source scripts/env.sh

logs="$(mktemp -d)"
passed=0 failed=0
declare -a table=()

# stage NAME COMMAND...: runs it, shows its output, counts its tests (or itself as one check).
stage() {
  local name="$1"; shift
  local log="$logs/$name.log" start end status tests_ok tests_bad
  printf '\n===== %s: %s\n' "$name" "$*"
  start=$(date +%s)
  "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  end=$(date +%s)
  # cargo test / wasm-bindgen-test: "test result: ok. 12 passed; 0 failed"; Playwright: "  3 passed", "  1 failed".
  tests_ok=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  tests_bad=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed' "$log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
  if [ "$name" = e2e ]; then
    tests_ok=$(grep -Eo '^ +[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}')
    tests_bad=$(grep -Eo '^ +[0-9]+ (failed|flaky)' "$log" | awk '{s+=$1} END {print s+0}')
  fi
  if [ "$tests_ok" -eq 0 ] && [ "$tests_bad" -eq 0 ]; then
    # A check, not a test runner: it counts as one.
    if [ "$status" -eq 0 ]; then tests_ok=1; else tests_bad=1; fi
  elif [ "$status" -ne 0 ] && [ "$tests_bad" -eq 0 ]; then
    tests_bad=1 # the runner failed outside any test (build error, crash)
  fi
  passed=$((passed + tests_ok)); failed=$((failed + tests_bad))
  table+=("$(printf '%-14s %-4s %4d passed %3d failed %5ss' "$name" "$([ "$status" -eq 0 ] && echo ok || echo FAIL)" "$tests_ok" "$tests_bad" "$((end - start))")")
  return "$status"
}

engine_is_pure() {
  local tree
  # One exception: the LP solver (microlp) reads the clock for its time limit through
  # web-time, which on wasm32 calls performance.now() via wasm-bindgen. That subtree is
  # pruned here; any other path to a web crate still fails.
  tree="$(cargo tree -p attune-engine -e normal --target all --locked --prefix none --prune web-time)" || return 1
  echo "$tree" | sort -u
  if echo "$tree" | grep -Eq '^(yew|yew-[a-z-]+|web-sys|js-sys|wasm-bindgen[a-z-]*|gloo[a-z-]*) '; then
    echo "engine guard: attune-engine depends on a web crate (above); the engine must stay pure" >&2
    return 1
  fi
  echo "engine guard: no web crate in attune-engine's dependencies"
}

stage fmt cargo fmt --all -- --check
stage clippy cargo clippy --workspace --all-targets --locked -- -D warnings
stage clippy-wasm cargo clippy -p attune -p attune-engine --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
stage engine-pure engine_is_pure
stage cargo-test cargo test --workspace --locked
stage wasm-test cargo test -p attune --locked --target wasm32-unknown-unknown --test browser
stage fuzz ./scripts/fuzz.sh "" "${ATTUNE_FUZZ_SECONDS:-20}"
if stage build trunk build --release; then
  stage size node scripts/size-report.mjs dist 500
  stage e2e npm run --silent e2e
else
  table+=("size/e2e       skipped: the build failed"); failed=$((failed + 1))
fi

printf '\n===== results\n'
printf '%s\n' "${table[@]}"
rm -rf "$logs"
echo "summary: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
