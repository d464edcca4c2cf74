#!/usr/bin/env bash
# Installs the trace backend for local development and the tracing test: Jaeger (v2, the
# OpenTelemetry-Collector-based all-in-one with in-memory storage) under ~/.dapr/bin/jaeger, built
# with CGO_ENABLED=0 from the pinned release of github.com/jaegertracing/jaeger on the Go module
# proxy (its Go tags are v1.x: v1.76.0 is Jaeger v2.13.0). Its go.mod has a replace directive, so
# like the Dapr runtime it is built inside the downloaded module. Idempotent.
# The module carries no web UI assets (they are built from the separate jaeger-ui repository), so
# the binary serves Jaeger's HTTP API and a placeholder page where the UI would be.
set -euo pipefail

JAEGER_MODULE_VERSION="${JAEGER_MODULE_VERSION:-v1.76.0}"
JAEGER_VERSION="${JAEGER_VERSION:-v2.13.0}"
DAPR_HOME="${DAPR_HOME:-$HOME/.dapr}"
BIN="$DAPR_HOME/bin"
SRC="$DAPR_HOME/src/jaeger-$JAEGER_MODULE_VERSION"
STAMP="$BIN/.jaeger-$JAEGER_VERSION"

log() { printf '[jaeger-install] %s\n' "$*" >&2; }

if [ -f "$STAMP" ] && [ -x "$BIN/jaeger" ]; then
  log "Jaeger $JAEGER_VERSION found in $BIN"
  exit 0
fi

command -v go >/dev/null || { log "Go is required to build Jaeger $JAEGER_VERSION (install Go >= 1.26 from https://go.dev/dl)"; exit 1; }
mkdir -p "$BIN" "$DAPR_HOME/src"
start=$(date +%s)

if [ ! -f "$SRC/go.mod" ]; then
  log "downloading github.com/jaegertracing/jaeger@$JAEGER_MODULE_VERSION from the Go module proxy"
  dir=$(cd "$DAPR_HOME/src" && GOFLAGS=-mod=mod go mod download -json "github.com/jaegertracing/jaeger@$JAEGER_MODULE_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  [ -n "$dir" ] && [ -d "$dir" ] || { log "download of github.com/jaegertracing/jaeger@$JAEGER_MODULE_VERSION failed"; exit 1; }
  rm -rf "$SRC.tmp" && cp -r "$dir" "$SRC.tmp" && chmod -R u+w "$SRC.tmp" && mv "$SRC.tmp" "$SRC"
fi

cd "$SRC"
log "building cmd/jaeger; modules download first, then one line per 100 packages compiled"
( while sleep 30 </dev/null >/dev/null 2>&1; do log "  still building ($(( $(date +%s) - start ))s elapsed)"; done ) &
ticker=$!
trap 'kill $ticker 2>/dev/null' EXIT
if ! CGO_ENABLED=0 go build -v -trimpath \
  -ldflags "-s -w -X github.com/jaegertracing/jaeger/internal/version.latestVersion=$JAEGER_VERSION" \
  -o "$BIN/jaeger.new" ./cmd/jaeger 2>&1 | tee "$SRC/build.log" \
  | awk '{ c++; if (c % 100 == 0) printf "[jaeger-install]   %d packages\n", c > "/dev/stderr" } END { printf "[jaeger-install]   %d packages compiled\n", c > "/dev/stderr" }'; then
  tail -20 "$SRC/build.log" >&2
  log "build failed (full output in $SRC/build.log)"
  exit 1
fi
mv "$BIN/jaeger.new" "$BIN/jaeger"
rm -f "$BIN"/.jaeger-*
touch "$STAMP"
log "Jaeger $JAEGER_VERSION installed in $BIN in $(( $(date +%s) - start ))s"
