#!/usr/bin/env bash
# Builds every binary of the e2e cluster that the cache lacks, one Go build at a time (the
# machine has 2 cores). A warm cache makes this a few cache checks.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
for step in kubernetes etcd coredns netpol; do bash "$here/$step.sh"; done
