#!/usr/bin/env bash
# Everything `npm run dev` and `npm test` need, idempotent: npm packages, the Dapr runtime,
# Postgres and Redis, generated secrets, databases and migrations. `--test` adds Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LOCAL="$ROOT/.dapr-local"
step() { printf '\n\033[1m[setup] %s\033[0m\n' "$*" >&2; }
fail() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

step "npm packages"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install` honours the pinned lock file; `npm ci` refuses it here because this registry does
  # not serve other platforms' optional packages (e.g. @biomejs/cli-darwin-x64), so the lock omits them.
  npm install --no-audit --no-fund
else
  echo "up to date" >&2
fi

step "Dapr runtime"
bash scripts/install-dapr.sh
if [ "${1:-}" = "--test" ]; then step "Kubernetes control plane for npm run k8s:verify"; bash scripts/install-k8s.sh; fi

step "kfake, the test Kafka broker (tests and KAFKA_BROKERS mode only)"
bash scripts/install-kfake.sh

if [ "${1:-}" = "--test" ] || [[ "${TRACING:-}" =~ ^(1|true|yes)$ ]]; then
  step "Jaeger, the local trace backend (TRACING=1 npm run dev, the tracing test)"
  bash scripts/install-jaeger.sh
fi

step "dockerfile-lint, BuildKit's Dockerfile checks (npm run lint)"
bash scripts/install-dockerfile-lint.sh

step "Postgres and Redis"
pg_ready() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_ready() { [ "$( (printf 'PING\r\n'; sleep 0.2) | timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/6379; cat >&3; head -c 5 <&3' 2>/dev/null)" = "+PONG" ]; }
if ! pg_ready; then
  if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql >/dev/null 2>&1; then
    echo "starting the local PostgreSQL cluster" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
  fi
  pg_ready || fail "PostgreSQL is not answering on 127.0.0.1:5432 and no local install could be started. Install it (Debian: apt-get install postgresql) with trust auth for user postgres on 127.0.0.1, or set DATABASE_ADMIN_URL."
fi
if ! redis_ready; then
  if command -v redis-server >/dev/null; then
    echo "starting a local Redis" >&2
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
    for _ in $(seq 1 20); do redis_ready && break; sleep 0.5; done
  fi
  redis_ready || fail "Redis is not answering on 127.0.0.1:6379 and no local install could be started. Install it (Debian: apt-get install redis-server)."
fi
echo "PostgreSQL and Redis answer" >&2

step "generated secrets (git-ignored, $LOCAL)"
mkdir -p "$LOCAL"
chmod 700 "$LOCAL"
npx tsx scripts/generate-secrets.ts

step "databases and migrations"
npx tsx scripts/migrate.ts

if [ "${1:-}" = "--test" ]; then
  step "Chromium for Playwright"
  if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      fail "Chromium is missing: install Debian's package (sudo apt-get install chromium)"
    fi
  fi
  /usr/bin/chromium --version >&2
fi
step "ready"
