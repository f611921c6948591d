#!/usr/bin/env bash
# The e2e core tier of CI (.ci/run calls it after `npm test`): the cluster scenarios, both
# examples Ready, logged in to and running DAGs, and the python family's KubernetesPodOperator pod.
#   bash e2e/ci-tier.sh SECONDS_LEFT
# Needs Linux and root. On a machine without the build cache it first builds the cluster and the
# stand-in images (measured in e2e/README.md "Timing") when CI's time allows it; a build that does
# not finish in that time is reported as skipped, not failed: only a failing build or scenario
# fails CI. Otherwise it says why it did not run and exits 0.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"

TIER='cluster,*.ready,*.login,*.dag-run,kpo.python-family'
# Measured (e2e/README.md "Timing") on a fresh machine of this type: a cold build of the cluster and
# the images the tier needs took 23 min (cluster 15.9, images 6.3, first `up` 0.9); the tier itself
# about 10 min with the cache warm.
COLD_MINUTES=23
# Time kept for the tier after a cold build, and for tearing down after a time-out.
TIER_RESERVE=$(( 25 * 60 ))
TEARDOWN=180
left=${1:-4800}
started=$(date +%s)

if [ "$(uname -s)" != Linux ] || [ "$(id -u)" != 0 ]; then
  echo "e2e: skipped (needs Linux and root; this is $(uname -s), uid $(id -u))"; exit 0
fi
cd "$REPO_DIR"

missing=()
for bin in "kubernetes/$KUBERNETES_VERSION/bin/kubelet" "kubernetes/$KUBERNETES_VERSION/bin/kube-apiserver" \
  "etcd/$ETCD_VERSION/bin/etcd" "coredns/$COREDNS_VERSION/bin/coredns"; do
  [ -x "$E2E_CACHE/$bin" ] || missing+=("$bin")
done
if [ ${#missing[@]} -gt 0 ]; then
  build_limit=$(( left - TIER_RESERVE - TEARDOWN ))
  # At least twice the measured cold build, so a slower machine still finishes.
  if [ "$build_limit" -lt $(( 2 * COLD_MINUTES * 60 )) ]; then
    echo "e2e: skipped (cold cache in $E2E_CACHE and only $left s of CI's time left; a cold build measured $COLD_MINUTES min)"; exit 0
  fi
  echo "e2e: cold cache in $E2E_CACHE: building the cluster and images first (measured $COLD_MINUTES min; limit $(( build_limit / 60 )) min)"
  rc=0
  timeout --kill-after=120 "$build_limit" npm run -s e2e -- --build-only --only "$TIER" || rc=$?
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    echo "e2e: skipped (the cold build did not finish in $(( build_limit / 60 )) min; build/e2e/logs/steps/ has its logs)"; exit 0
  fi
  [ "$rc" = 0 ] || { echo "e2e: the cold build failed (exit $rc; build/e2e/logs/steps/)"; exit "$rc"; }
  left=$(( left - ($(date +%s) - started) ))
fi

limit=$(( left - TEARDOWN ))
if [ "$limit" -lt 900 ]; then echo "e2e: skipped (only $left s of CI's time left)"; exit 0; fi
echo "e2e: core tier ($TIER), time limit $limit s"
# SIGTERM at the limit: the runner tears the cluster down and reports what was not run.
timeout --kill-after=170 "$limit" npm run -s e2e -- --only "$TIER"
