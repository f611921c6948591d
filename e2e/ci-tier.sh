#!/usr/bin/env bash
# The e2e core tier of CI (.ci/run calls it after `npm test`): the cluster scenarios, both
# examples Ready, logged in to and running DAGs, and the python family's KubernetesPodOperator pod.
#   bash e2e/ci-tier.sh SECONDS_LEFT
# Runs only where it can finish inside CI's time: as root on Linux, with the cluster's binaries in
# the build cache (a cold build of them alone took about 56 min here, the stand-in images about
# 20 min more; measured in e2e/README.md). Otherwise it says why and exits 0.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"

TIER='cluster,*.ready,*.login,*.dag-run,kpo.python-family'
# Measured cold (e2e/README.md "Timing"): cluster 55.9 min + images 20.3 min, before any scenario.
COLD_MINUTES=76
left=${1:-4800}

if [ "$(uname -s)" != Linux ] || [ "$(id -u)" != 0 ]; then
  echo "e2e: skipped (needs Linux and root; this is $(uname -s), uid $(id -u))"; exit 0
fi
missing=()
for bin in "kubernetes/$KUBERNETES_VERSION/bin/kubelet" "kubernetes/$KUBERNETES_VERSION/bin/kube-apiserver" \
  "etcd/$ETCD_VERSION/bin/etcd" "coredns/$COREDNS_VERSION/bin/coredns"; do
  [ -x "$E2E_CACHE/$bin" ] || missing+=("$bin")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "e2e: skipped (cold cache: $COLD_MINUTES min)"
  echo "e2e: a cold build of the cluster and images alone measured $COLD_MINUTES min here; missing in $E2E_CACHE: ${missing[*]} (npm run e2e builds them)"
  exit 0
fi
# Leave 3 minutes of CI's budget for tearing down after a time-out.
limit=$(( left - 180 ))
if [ "$limit" -lt 900 ]; then echo "e2e: skipped (only $left s of CI's time left)"; exit 0; fi
echo "e2e: core tier ($TIER), time limit $limit s"
cd "$REPO_DIR"
# SIGTERM at the limit: the runner tears the cluster down and reports what was not run.
timeout --kill-after=170 "$limit" npm run -s e2e -- --only "$TIER"
