#!/usr/bin/env bash
# Tears the e2e cluster down: saves every pod's logs, stops exactly the processes `up` recorded,
# removes the containers, mounts, network namespaces, bridge and rules it added, and restores
# the kernel settings it changed. Safe to run twice, or after a crash.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for f in env proc net config components cleanup; do . "$here/lib/$f.sh"; done

require_linux_root
collect_pod_logs
teardown
log "cluster down"
