#!/usr/bin/env bash
# Runs a cargo-fuzz target for a while:  ./scripts/fuzz.sh [TARGET] [SECONDS]
# (default: every target, 600 s each — the length the hardening issue asks for).
# cargo-fuzz wants nightly-only compiler flags; the machine has one stable toolchain, so
# RUSTC_BOOTSTRAP=1 lets it accept them, and `-s none` leaves out the sanitizer (the
# engine has no unsafe code; libFuzzer's coverage and crash detection still run).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "[fuzz] installing cargo-fuzz (first time only)"
  cargo install cargo-fuzz --version 0.13.2 --locked
fi
targets=("${1:-}")
[ -n "${targets[0]}" ] || targets=($(ls fuzz/fuzz_targets | sed 's/\.rs$//'))
seconds="${2:-600}"
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  echo "[fuzz] $target for ${seconds}s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run -s none --fuzz-dir fuzz "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" \
    -- -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
done
