#!/usr/bin/env bash
# Resolves requirements-<version>.in into requirements-<version>.txt (pinned, with hashes) with
# pip-tools from PyPI, under Debian bookworm's python3 3.11.2 (what the image runs); Airflow's own
# constraint files are not reachable from here. Commit the result: the image installs exactly that
# with --require-hashes --no-deps.   Usage: e2e/images/airflow/lock.sh 3.3.2
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=${1:?usage: lock.sh <airflow-version>}
exec "$HERE/../lib/lock.sh" "$HERE/requirements-$version.in" "$HERE/requirements-$version.txt" "e2e/images/airflow/lock.sh $version"
