#!/usr/bin/env bash
# Builds the NetworkPolicy enforcers into the cache: kube-network-policies (first choice) and
# kube-router, whose policy controller is used where the kernel lacks nftables `queue` (see
# e2e/README.md). Both from their Go modules.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/gowrap.sh"

knp="$E2E_CACHE/kube-network-policies/$KUBE_NETWORK_POLICIES_VERSION/bin/kube-network-policies"
router="$E2E_CACHE/kube-router/$KUBE_ROUTER_VERSION/bin/kube-router"

if [ -x "$knp" ]; then log "kube-network-policies $KUBE_NETWORK_POLICIES_VERSION: cached"; else
  require_free_mb "$E2E_CACHE" 1500 "building kube-network-policies $KUBE_NETWORK_POLICIES_VERSION"
  go_wrapper_build kube-network-policies "$KUBE_NETWORK_POLICIES_VERSION" \
    sigs.k8s.io/kube-network-policies sigs.k8s.io/kube-network-policies/cmd "$knp"
fi

if [ -x "$router" ]; then log "kube-router $KUBE_ROUTER_VERSION: cached"; else
  require_free_mb "$E2E_CACHE" 2000 "building kube-router $KUBE_ROUTER_VERSION"
  GO_LDFLAGS="-X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=$KUBE_ROUTER_VERSION"
  go_wrapper_build kube-router "$KUBE_ROUTER_VERSION" github.com/cloudnativelabs/kube-router/v2 \
    github.com/cloudnativelabs/kube-router/v2/cmd/kube-router "$router"
fi
