#!/usr/bin/env bash
# Builds the NetworkPolicy agent this kernel can run (e2e/lib/netpol.sh) into the cache:
# kube-network-policies where nftables has `queue`, kube-router's policy controller elsewhere;
# both when that cannot be told yet (no nft before `up` installs it). From their Go modules.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/gowrap.sh"
. "$(dirname "$0")/../lib/netpol.sh"

knp="$E2E_CACHE/kube-network-policies/$KUBE_NETWORK_POLICIES_VERSION/bin/kube-network-policies"
router="$E2E_CACHE/kube-router/$KUBE_ROUTER_VERSION/bin/kube-router"

agent=both
if [ "$(id -u)" = 0 ]; then nft_queue_supported && agent=kube-network-policies || { [ $? = 1 ] && agent=kube-router; }; fi
case "${CDK8S_AIRFLOW_E2E_NETPOL:-}" in kube-network-policies|kube-router) agent=$CDK8S_AIRFLOW_E2E_NETPOL ;; esac

if [ "$agent" = kube-router ]; then :; elif [ -x "$knp" ]; then log "kube-network-policies $KUBE_NETWORK_POLICIES_VERSION: cached"; else
  require_free_mb "$E2E_CACHE" 1500 "building kube-network-policies $KUBE_NETWORK_POLICIES_VERSION"
  go_wrapper_build kube-network-policies "$KUBE_NETWORK_POLICIES_VERSION" \
    sigs.k8s.io/kube-network-policies sigs.k8s.io/kube-network-policies/cmd "$knp"
fi

if [ "$agent" = kube-network-policies ]; then :; elif [ -x "$router" ]; then log "kube-router $KUBE_ROUTER_VERSION: cached"; else
  require_free_mb "$E2E_CACHE" 2000 "building kube-router $KUBE_ROUTER_VERSION"
  GO_LDFLAGS="-X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=$KUBE_ROUTER_VERSION"
  go_wrapper_build kube-router "$KUBE_ROUTER_VERSION" github.com/cloudnativelabs/kube-router/v2 \
    github.com/cloudnativelabs/kube-router/v2/cmd/kube-router "$router"
fi
