#!/usr/bin/env bash
# The one command for every test of Workflow Builder:
#   1. the Go tests (go test -race -count=1 ./..., SQLite and the PostgreSQL at 127.0.0.1:5432);
#   2. the web app (web/): npm ci from the lockfile, the generated API client is fresh,
#      tsc, ESLint, Vitest, a Vite build identical to the committed internal/webui/dist, and the
#      Playwright E2E in the machine's Chromium against a real `wfb serve` built from this tree.
# `./test.sh go` or `./test.sh web` runs one part. Nothing is skipped: a missing Chromium is
# installed from Debian's packages when root, and fails the run otherwise.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
part=${1:-all}
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
export CHROMIUM_PATH=$CHROMIUM
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

passed=()
step() { printf '\n=== test.sh: %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }
ok() { passed+=("$1"); }
fail() {
	echo "test.sh: FAIL: $*" >&2
	echo "test.sh: stages passed: ${passed[*]:-none}; failed: ${1%%:*}"
	echo "test.sh: ${#passed[@]} passed, 1 failed"
	exit 1
}

if [[ $part == all || $part == go ]]; then
	# -timeout: the crash and outage tests of cmd/wfb run minutes (a 60 s outage in CI) on two cores.
	# The blob store's S3 tests run against a real S3-compatible server: Versity's gateway, a Go
	# module (internal/blob/blobtest finds it through WFB_VERSITYGW).
	step "go install versitygw (the S3 server of the blob tests)"
	go install github.com/versity/versitygw/cmd/versitygw@v1.8.0 || fail "go install versitygw"
	gobin=$(go env GOBIN)
	export WFB_VERSITYGW=${gobin:-$(go env GOPATH)/bin}/versitygw
	ok "versitygw"
	step "go test -race -count=1 -timeout 25m ./..."
	go test -race -count=1 -timeout 25m ./... || fail "go test"
	ok "go-test"
fi

if [[ $part == all || $part == web ]]; then
	step "Chromium"
	if [[ ! -x $CHROMIUM ]]; then
		if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
			echo "installing Debian's chromium package"
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null ||
				echo "apt-get could not install chromium" >&2
		fi
		[[ -x $CHROMIUM ]] || fail "Chromium is missing at $CHROMIUM: install Debian's 'chromium' package (apt-get install chromium) or set CHROMIUM_PATH; the E2E tests need it"
	fi
	"$CHROMIUM" --version 2>/dev/null | tail -1
	ok "chromium"

	step "npm ci (web/)"
	command -v node >/dev/null || fail "Node.js 20+ is required for the web tests"
	(cd web && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci"
	ok "npm-ci"

	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	step "build wfb once for the client check and the E2E"
	go build -o "$tmp/wfb" ./cmd/wfb || fail "go build"

	step "the generated API client is fresh"
	"$tmp/wfb" openapi >"$tmp/openapi.json" || fail "wfb openapi"
	(cd web && npx openapi-typescript "$tmp/openapi.json" -o "$tmp/schema.d.ts" >/dev/null) || fail "openapi-typescript"
	if ! diff -u web/src/api/openapi.json "$tmp/openapi.json" >"$tmp/openapi.diff" ||
		! diff -u web/src/api/schema.d.ts "$tmp/schema.d.ts" >>"$tmp/openapi.diff"; then
		head -60 "$tmp/openapi.diff"
		fail "web/src/api is stale: run 'go run ./cmd/wfb openapi > web/src/api/openapi.json && (cd web && npm run gen:api)' and commit"
	fi
	ok "client-fresh"

	step "tsc --noEmit"
	(cd web && npx tsc --noEmit -p tsconfig.json) || fail "tsc"
	ok "tsc"

	step "eslint"
	(cd web && npx eslint --max-warnings=0 .) || fail "eslint"
	ok "eslint"

	step "vitest"
	(cd web && npx vitest run) || fail "vitest"
	ok "vitest"

	step "vite build equals the committed internal/webui/dist"
	(cd web && npx vite build --logLevel warn) || fail "vite build"
	if [[ -n $(git status --porcelain -- internal/webui/dist) ]]; then
		git status --porcelain -- internal/webui/dist | head -20
		fail "internal/webui/dist differs from a build of the sources and lockfile: run 'cd web && npm run build' and commit internal/webui/dist"
	fi
	ok "dist-fresh"

	step "Playwright E2E (headless Chromium, real wfb serve)"
	# The binary embeds the dist just checked, so the E2E runs the committed app.
	go build -o "$tmp/wfb" ./cmd/wfb || fail "go build"
	export WFB_SCREENSHOTS=${WFB_SCREENSHOTS:-$root/web/e2e-screenshots}
	(cd web && WFB_BIN="$tmp/wfb" npx playwright test) || fail "playwright"
	ok "e2e"
	echo "screenshots of every screen: $WFB_SCREENSHOTS"
fi

echo
echo "test.sh: stages passed: ${passed[*]}"
# The closing line counts stages (each a whole test runner that passed), not single tests.
echo "test.sh: ${#passed[@]} passed, 0 failed"
