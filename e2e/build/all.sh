#!/usr/bin/env bash
# Builds every binary of the e2e cluster that the cache lacks, one Go build at a time (the
# machine has 2 cores). A warm cache makes this a few cache checks.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
# Measured cold: Go module and build caches 7.4 GB, binaries 0.6 GB (images: e2e/images).
if [ ! -x "$E2E_CACHE/kubernetes/$KUBERNETES_VERSION/bin/kubectl" ]; then
  require_free_mb "$E2E_CACHE" 9000 "a cold build of the e2e cluster"
fi
for step in kubernetes etcd coredns netpol; do bash "$here/$step.sh"; done
