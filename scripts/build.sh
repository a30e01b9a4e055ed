#!/usr/bin/env bash
# Builds the web bundle (wasm + JS glue + CSS, optimised and precompressed) into target/site/pkg
# and the release server binary target/release/agentry-server. This is what cargo-leptos does, in a
# few lines, without its 17-minute install (see README, "Why no cargo-leptos"). With
# `--bundle-only` it builds the bundle alone: the test run serves it from the debug server the
# API tests already built, rather than compiling the whole server a second time in release.
set -euo pipefail
cd "$(dirname "$0")/.."

site=target/site
pkg=$site/pkg
name=agentry
export LEPTOS_OUTPUT_NAME=$name LEPTOS_SITE_ROOT=$site LEPTOS_SITE_PKG_DIR=pkg
export PATH="$PWD/e2e/node_modules/.bin:$PATH"

wb_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  echo "wasm-bindgen $wb_version is required (found: $(wasm-bindgen --version 2>/dev/null || echo none)); run scripts/setup.sh" >&2
  exit 1
fi

echo "==> building the browser bundle (wasm32, size-optimised)"
cargo build -p agentry-app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate \
  --profile wasm-release --target-dir target/front
mkdir -p "$pkg"
wasm-bindgen --target web --no-typescript --out-name "$name" --out-dir "$pkg" \
  target/front/wasm32-unknown-unknown/wasm-release/agentry_app.wasm
echo "==> wasm-opt -Oz"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  -o "$pkg/$name.wasm" "$pkg/${name}_bg.wasm"
rm "$pkg/${name}_bg.wasm"
cp style/main.css "$pkg/$name.css"
for f in "$pkg/$name.wasm" "$pkg/$name.js" "$pkg/$name.css"; do
  gzip -9 -k -f "$f"
  if command -v brotli >/dev/null; then brotli -q 11 -f -k "$f"; fi
done

raw=$(stat -c %s "$pkg/$name.wasm")
br=$( [ -f "$pkg/$name.wasm.br" ] && stat -c %s "$pkg/$name.wasm.br" || echo n/a)
if [ "${1:-}" = --bundle-only ]; then
  echo "==> done: wasm ${raw} bytes raw, ${br} bytes brotli"
  exit 0
fi

echo "==> building the server (release)"
cargo build -p agentry-server --release --bin agentry-server
echo "==> done: wasm ${raw} bytes raw, ${br} bytes brotli; server at target/release/agentry-server"
