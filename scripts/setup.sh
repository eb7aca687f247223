#!/usr/bin/env bash
# Installs what Attune's build and tests need — only what is missing, at pinned versions —
# on a machine that has rustup/cargo, node/npm and apt. Safe to run again: a warm run
# takes seconds. Nothing here downloads a browser or a prebuilt tool from outside the
# package registries.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

TRUNK_VERSION=0.22.1
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"

say() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Rust: the wasm target and the lint/format components.
installed_targets="$(rustup target list --installed)"
grep -qx wasm32-unknown-unknown <<<"$installed_targets" || { say "adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }
components="$(rustup component list --installed)"
grep -q '^rustfmt' <<<"$components" || { say "adding rustfmt"; rustup component add rustfmt; }
grep -q '^clippy' <<<"$components" || { say "adding clippy"; rustup component add clippy; }

# Debian's Chromium and ChromeDriver serve wasm-bindgen-test and Playwright alike.
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
[ -x "$CHROMEDRIVER" ] || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from apt"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Trunk (about 12–15 minutes to build the first time on 2 cores).
if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (first time only; takes a while)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --ignore-rust-version
fi

# wasm-bindgen-cli (also provides wasm-bindgen-test-runner). Not --locked: its own
# lockfile names a crate version the registry no longer serves.
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# cargo-fuzz, for the short fuzzing run of every test run (scripts/fuzz.sh).
if ! cargo fuzz --version 2>/dev/null | grep -q "0.13.2"; then
  say "installing cargo-fuzz 0.13.2"
  cargo install cargo-fuzz --version 0.13.2 --locked
fi

# Node tools (binaryen's wasm-opt, Playwright) exactly as in package-lock.json.
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.attune-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  say "installing node tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.attune-lock-hash
fi

# Crates, so that Trunk's offline build never reaches for the network.
cargo fetch --locked >/dev/null
say "tools ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | cut -d' ' -f1-3), $(chromium --version 2>/dev/null | cut -d' ' -f1-2)"
