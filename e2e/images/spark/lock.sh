#!/usr/bin/env bash
# Resolves requirements.in (pyspark) into requirements.txt with hashes; see ../lib/lock.sh.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exec "$HERE/../lib/lock.sh" "$HERE/requirements.in" "$HERE/requirements.txt" "e2e/images/spark/lock.sh"
