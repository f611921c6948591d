#!/usr/bin/env bash
# Builds etcd from the Go module go.etcd.io/etcd/server/v3 at $ETCD_VERSION into the cache.
# The server's go.mod replaces its sibling modules (api, client, pkg) with local folders, so it
# is built through a wrapper module that pins each sibling at the same release.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/gowrap.sh"

out="$E2E_CACHE/etcd/$ETCD_VERSION/bin/etcd"
if [ -x "$out" ]; then log "etcd $ETCD_VERSION: cached"; exit 0; fi
require_free_mb "$E2E_CACHE" 1500 "building etcd $ETCD_VERSION"

GO_WRAPPER_REPLACES=$(for m in api/v3 client/pkg/v3 client/v3 pkg/v3; do
  printf '\tgo.etcd.io/etcd/%s => go.etcd.io/etcd/%s %s\n' "$m" "$m" "$ETCD_VERSION"; done)
GO_LDFLAGS="-X go.etcd.io/etcd/api/v3/version.GitSHA=$ETCD_VERSION"
go_wrapper_build etcd "$ETCD_VERSION" go.etcd.io/etcd/server/v3 go.etcd.io/etcd/server/v3 "$out"
