#!/usr/bin/env bash
# The README's test command (`npm test`): set up what the tests need, build, then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# A fresh clone has no node_modules: install exactly what the lock file says.
[ -d node_modules/.bin ] || npm ci --no-audit --no-fund
# apt packages, plus Node 24 and code-server cached outside the clone.
bash scripts/setup-test-env.sh
echo "== typecheck"
npx tsc -p . --noEmit
echo "== build and package"
node scripts/build.mjs --quiet
npx tsx scripts/gen-docs.ts --check
npm run --silent package >/dev/null
echo "== tests"
mapfile -t files < <(find test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
node --import tsx --test --test-concurrency=2 "${files[@]}"
