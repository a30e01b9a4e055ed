#!/usr/bin/env bash
# Installs what building (and, with --test, testing) Agentry needs. Idempotent: each tool is
# checked first and installed only when missing or at the wrong version. Nothing is downloaded
# at build time afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=false
[ "${1:-}" = "--test" ] && want_test=true

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Rust toolchain and the wasm target (rust-toolchain.toml pins both).
if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen CLI at exactly the version in Cargo.lock (the generated glue must match).
wb_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)
if ! have wasm-bindgen || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$wb_version" ]; then
  say "installing wasm-bindgen-cli $wb_version (a few minutes, once)"
  # Not --locked: with it a locked dependency is missing from the index (see shared/toolchain.md).
  cargo install wasm-bindgen-cli --version "$wb_version"
fi

# Node packages: binaryen's wasm-opt (Debian's is too old and breaks hydration) and, for the
# browser tests, playwright-core (drives the system Chromium; downloads no browser).
if ! have node || ! have npm; then
  say "installing Node.js"
  sudo_if_needed apt-get update -qq && sudo_if_needed apt-get install -y -qq nodejs npm
fi
if [ ! -x e2e/node_modules/.bin/wasm-opt ] || [ ! -d e2e/node_modules/playwright-core ]; then
  say "installing e2e/node_modules (binaryen, playwright-core)"
  (cd e2e && npm install --no-audit --no-fund --loglevel=error)
fi

# brotli for precompressed assets (optional for running; the build falls back to gzip only).
if ! have brotli; then
  say "installing brotli"
  sudo_if_needed apt-get update -qq && sudo_if_needed apt-get install -y -qq brotli || true
fi

if $want_test; then
  if ! have chromium || ! have chromedriver; then
    say "installing Chromium for the browser tests"
    sudo_if_needed apt-get update -qq && sudo_if_needed apt-get install -y -qq chromium chromium-driver
  fi
  if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    say "installing python3-venv (the official Composio client checks the fake in a venv)"
    sudo_if_needed apt-get update -qq
    sudo_if_needed apt-get install -y -qq python3-venv
  fi
  if ! have psql; then
    say "installing the PostgreSQL client"
    # Without psql the test run cannot reach PostgreSQL and would skip (or, in CI, fail)
    # that pass: a failed install is an error here, not a silent skip later.
    sudo_if_needed apt-get update -qq
    sudo_if_needed apt-get install -y -qq postgresql-client
  fi
fi
say "setup complete"
