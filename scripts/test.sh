#!/usr/bin/env bash
# The whole test suite as CI runs it: install, start services, lint, type-check, test.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --dev
# shellcheck source=scripts/services.sh
source scripts/services.sh

.venv/bin/ruff check src tests
.venv/bin/ruff format --check src tests
.venv/bin/mypy

set +e
.venv/bin/pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure, not a pass" >&2
    exit 1
fi
exit "$status"
