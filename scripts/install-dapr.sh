#!/usr/bin/env bash
# Installs the pinned Dapr runtime (daprd allcomponents, scheduler, placement) under
# ~/.dapr/bin. Uses an existing install of the right version; otherwise builds the
# pinned release of github.com/dapr/dapr from the Go module proxy. Idempotent.
set -euo pipefail

# 1.18.3 needs durabletask-go v0.12.4, which the module proxy does not serve; 1.18.2 resolves fully.
DAPR_VERSION="${DAPR_VERSION:-1.18.2}"
DAPR_HOME="${DAPR_HOME:-$HOME/.dapr}"
BIN="$DAPR_HOME/bin"
SRC="$DAPR_HOME/src/dapr-$DAPR_VERSION"
STAMP="$BIN/.dapr-$DAPR_VERSION"

log() { printf '[dapr-install] %s\n' "$*" >&2; }

have_runtime() {
  [ -f "$STAMP" ] || return 1
  for b in daprd scheduler placement; do [ -x "$BIN/$b" ] || return 1; done
  "$BIN/daprd" --version 2>/dev/null | grep -qx "$DAPR_VERSION"
}

if have_runtime; then
  log "Dapr $DAPR_VERSION found in $BIN"
  exit 0
fi

command -v go >/dev/null || { log "Go is required to build Dapr $DAPR_VERSION (install Go >= 1.24 from https://go.dev/dl)"; exit 1; }
mkdir -p "$BIN" "$DAPR_HOME/src"
start=$(date +%s)

if [ ! -f "$SRC/go.mod" ]; then
  log "downloading github.com/dapr/dapr@v$DAPR_VERSION from the Go module proxy"
  dir=$(cd "$DAPR_HOME/src" && GOFLAGS=-mod=mod go mod download -json "github.com/dapr/dapr@v$DAPR_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  [ -n "$dir" ] && [ -d "$dir" ] || { log "download of github.com/dapr/dapr@v$DAPR_VERSION failed"; exit 1; }
  rm -rf "$SRC.tmp" && cp -r "$dir" "$SRC.tmp" && chmod -R u+w "$SRC.tmp" && mv "$SRC.tmp" "$SRC"
fi

cd "$SRC"
LDFLAGS="-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$DAPR_VERSION -X github.com/dapr/dapr/pkg/buildinfo.gitversion=v$DAPR_VERSION -X github.com/dapr/kit/logger.DaprVersion=$DAPR_VERSION"
build() { # name tags
  local name=$1 tags=$2
  log "building $name (tags: ${tags:-none}); modules download first, then one line per 100 packages compiled"
  ( while sleep 30; do log "  $name: still building ($(( $(date +%s) - start ))s elapsed)"; done ) &
  local ticker=$!
  trap 'kill $ticker 2>/dev/null' RETURN
  CGO_ENABLED=0 go build -v -trimpath -tags "$tags" -ldflags "$LDFLAGS" -o "$BIN/$name.new" "./cmd/$name" 2>&1 \
    | awk -v n="$name" '{ c++; if (c % 100 == 0) printf "[dapr-install]   %s: %d packages\n", n, c > "/dev/stderr" } END { printf "[dapr-install]   %s: %d packages compiled\n", n, c > "/dev/stderr" }'
  mv "$BIN/$name.new" "$BIN/$name"
}
build daprd allcomponents
build scheduler ""
build placement ""

"$BIN/daprd" --version | grep -qx "$DAPR_VERSION" || { log "built daprd does not report $DAPR_VERSION"; exit 1; }
touch "$STAMP"
log "Dapr $DAPR_VERSION installed in $BIN in $(( $(date +%s) - start ))s"
