#!/usr/bin/env bash
# Builds the production artifacts, the same way for the images and for the tests:
#   services  each service bundled by esbuild into dist/<service>/service.mjs (+ source map);
#             no node_modules needed at run time (Dockerfile.service copies this file)
#   web       `next build` with output: 'standalone', then the static files put beside the server,
#             and web's own server (web-server.ts: Next's custom server with the fast lane of the
#             hot API routes) bundled by esbuild into .next/standalone/server.mjs, so .next/standalone
#             is complete and runs as `node .next/standalone/server.mjs` (Dockerfile.web copies
#             exactly this folder); the same bundle as dist/web/server.mjs runs from the repository
#             (the test and benchmark stacks, `npm start`), serving .next with next.config.ts
# Usage: scripts/build-artifacts.sh [all | services | service <name> | web | web-server]   (default: all)
# NODE_TARGET (default node20, what package.json's engines pin) is the bundles' esbuild target.
set -euo pipefail
cd "$(dirname "$0")/.."

SERVICES=(task-service notification-service worker)
NODE_TARGET="${NODE_TARGET:-node20}"
log() { printf '[build-artifacts] %s\n' "$*" >&2; }

# CommonJS dependencies inside an ESM bundle need require/__filename/__dirname: the banner makes them.
BANNER="import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);"

build_service() {
  local name=$1
  [ -f "services/$name/src/main.ts" ] || { log "unknown service '$name' (one of: ${SERVICES[*]})"; exit 2; }
  local start=$SECONDS
  # Path aliases come from tsconfig.json; every dependency is bundled.
  node_modules/.bin/esbuild "services/$name/src/main.ts" \
    --bundle --platform=node --format=esm --target="$NODE_TARGET" \
    --sourcemap --legal-comments=none --log-level=warning \
    --banner:js="$BANNER" \
    --outfile="dist/$name/service.mjs"
  log "$name -> dist/$name/service.mjs ($(du -k "dist/$name/service.mjs" | cut -f1) KiB, $((SECONDS - start))s)"
}

build_web() {
  local start=$SECONDS
  # public/ is optional in the repository; the standalone folder always gets one.
  mkdir -p public
  NEXT_TELEMETRY_DISABLED=1 node_modules/.bin/next build
  [ -f .next/standalone/server.js ] || { log "next build made no .next/standalone/server.js (next.config.ts must keep output: 'standalone')"; exit 1; }
  # The standalone server serves .next/static and public/ from its own folder; next build leaves them out.
  rm -rf .next/standalone/.next/static .next/standalone/public
  cp -r .next/static .next/standalone/.next/static
  cp -r public .next/standalone/public
  build_web_server
  cp dist/web/server.mjs dist/web/server.mjs.map .next/standalone/
  log "web -> .next/standalone/server.mjs ($((SECONDS - start))s)"
}

# web's server alone (the fast lane and the custom server; Next's build is what `next build` made).
build_web_server() {
  local start=$SECONDS
  node_modules/.bin/tsx scripts/build-web-server.ts dist/web/server.mjs "$NODE_TARGET"
  log "web server -> dist/web/server.mjs ($(du -k dist/web/server.mjs | cut -f1) KiB, $((SECONDS - start))s)"
}

case "${1:-all}" in
  all) for s in "${SERVICES[@]}"; do build_service "$s"; done; build_web ;;
  services) for s in "${SERVICES[@]}"; do build_service "$s"; done ;;
  service) build_service "${2:?usage: build-artifacts.sh service <name>}" ;;
  web) build_web ;;
  web-server) build_web_server ;;
  *) log "usage: build-artifacts.sh [all | services | service <name> | web | web-server]"; exit 2 ;;
esac
