#!/usr/bin/env bash
# Resolves requirements-<version>.in into requirements-<version>.txt (pinned, with hashes) with
# pip-tools from PyPI, for CPython 3.11 on Linux (Debian bookworm's python3, what the image runs).
# Airflow's own constraint files are not reachable from here; commit the result and the image
# installs exactly that with --require-hashes --no-deps.   Usage: lock.sh 3.3.2
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../lib/common.sh
. "$HERE/../../lib/common.sh"
version=${1:?usage: lock.sh <airflow-version>}
py=$(command -v python3)
"$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || die "lock.sh needs python3 3.11 (the image's Python), this is $("$py" -V)"
tools=$E2E_CACHE/tools/piptools
[ -x "$tools/bin/pip-compile" ] || { "$py" -m venv "$tools" && "$tools/bin/pip" install -q pip-tools; }
cd "$HERE"
PIP_FIND_LINKS= PIP_CACHE_DIR=$E2E_CACHE/pip/cache CUSTOM_COMPILE_COMMAND="e2e/images/airflow/lock.sh $version" \
  "$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
  --no-emit-find-links --resolver=backtracking --output-file "requirements-$version.txt" "requirements-$version.in"
log "wrote $HERE/requirements-$version.txt ($(grep -c '==' "requirements-$version.txt") pinned packages)"
