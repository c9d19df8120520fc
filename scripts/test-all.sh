#!/usr/bin/env bash
# Installs what the tests need, type-checks, runs every test, and ends with the plain line
# "N passed, N failed" (CI reads that line, not vitest's own summary).
set -uo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s ==\n' "$1"; }

step "install (npm ci)"
if [ "${SKIP_NPM_CI:-}" != "1" ]; then
  npm ci --no-audit --no-fund || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi

step "system packages the tests need"
need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
# The browser test (tests/webchat.e2e.test.ts) drives Debian's Chromium; fonts so pages render text.
[ -x /usr/bin/chromium ] || need_apt+=(chromium fonts-liberation)
if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "installing: ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    (apt-get install -y --no-install-recommends "${need_apt[@]}" >/dev/null 2>&1 \
      || (apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends "${need_apt[@]}" >/dev/null)) \
      || echo "could not install ${need_apt[*]}; the tests that need them will fail on CI"
  else
    echo "missing ${need_apt[*]} and not root: install them (apt-get install ${need_apt[*]}) for the full suite"
  fi
else
  echo "all present"
fi

step "Azure Storage emulator for the blob tests (tools/azurite)"
# Azurite is ~186 MB of packages, so it is not one of Mend's dependencies: it is pinned (3.35.0,
# the last release that runs on Node 20) with its own lockfile in tools/azurite and installed here.
azurite_want=$(node -p 'require("./tools/azurite/package-lock.json").packages["node_modules/azurite"].version')
azurite_have=$(node -p 'try { require("./tools/azurite/node_modules/azurite/package.json").version } catch { "none" }')
if [ "$azurite_have" = "$azurite_want" ]; then
  echo "azurite $azurite_have present"
else
  echo "installing azurite $azurite_want"
  npm ci --prefix tools/azurite --no-audit --no-fund >/dev/null \
    || echo "could not install Azurite; the blob storage tests will fail on CI"
fi

step "type-check"
typecheck_failed=0
npx tsc --noEmit -p . || typecheck_failed=1

step "tests (vitest)"
mkdir -p test-output
report=test-output/vitest-report.json
npx vitest run --reporter=default --reporter=json --outputFile.json="$report"
vitest_status=$?

passed=0; failed=0; skipped=0
if [ -f "$report" ]; then
  read -r passed failed skipped < <(node -e '
    const r = require(process.argv[1]);
    const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
    // A test file that fails to load has no test results: count it as a failure.
    const brokenFiles = (r.testResults || []).filter((f) => f.status === "failed" && (f.assertionResults || []).length === 0).length;
    console.log(r.numPassedTests, r.numFailedTests + brokenFiles, skipped);
  ' "$PWD/$report")
else
  failed=1
fi
if [ "$typecheck_failed" = "1" ]; then
  echo "type-check failed (counted as one failure)"
  failed=$((failed + 1))
fi
if [ "$vitest_status" != "0" ] && [ "$failed" = "0" ]; then failed=1; fi

echo
[ "$skipped" = "0" ] || echo "${skipped} skipped"
echo "${passed} passed, ${failed} failed"
[ "$failed" = "0" ]
