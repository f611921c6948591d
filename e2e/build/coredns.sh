#!/usr/bin/env bash
# Builds CoreDNS from the Go module github.com/coredns/coredns at $COREDNS_VERSION with the
# plugin set of e2e/build/coredns/main.go (no forward plugin) into the cache.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/gowrap.sh"

out="$E2E_CACHE/coredns/$COREDNS_VERSION/bin/coredns"
# The plugin set is part of the key: a changed main.go rebuilds.
stamp="$out.main-$(sha256sum "$(dirname "$0")/coredns/main.go" | cut -c1-12)"
if [ -x "$out" ] && [ -e "$stamp" ]; then log "coredns $COREDNS_VERSION: cached"; exit 0; fi
require_free_mb "$E2E_CACHE" 1500 "building CoreDNS $COREDNS_VERSION"

GO_LDFLAGS="-X github.com/coredns/coredns/coremain.GitCommit=$COREDNS_VERSION"
go_wrapper_build coredns "$COREDNS_VERSION" github.com/coredns/coredns cdk8s-airflow.local/coredns-build \
  "$out" "$(dirname "$0")/coredns/main.go"
rm -f "$out".main-*; touch "$stamp"
