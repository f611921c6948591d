#!/usr/bin/env bash
# Brings the one-node e2e cluster up (see e2e/README.md): cleans the leftovers of a previous run,
# then starts containerd, etcd, the control plane, kubelet, kube-proxy, CoreDNS and the
# NetworkPolicy agent as host processes, and creates the objects the scenarios rely on.
# Needs the builds (e2e/build/*.sh) and the stand-in images (e2e/images/build.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for f in env proc pki net config components bootstrap images cleanup; do . "$here/lib/$f.sh"; done

require_linux_root
ensure_apt_packages
NETPOL_AGENT=$(netpol_agent)
agent_bin=$KUBE_ROUTER_BIN; [ "$NETPOL_AGENT" = kube-router ] || agent_bin=$KNP_BIN
for bin in "$K8S_BIN/kube-apiserver" "$K8S_BIN/kubelet" "$ETCD_BIN" "$COREDNS_BIN" "$agent_bin"; do
  [ -x "$bin" ] || die "$bin is missing; run the e2e/build scripts first (npm run e2e does)"
done

require_free_mb "$E2E_STATE" 3000 "running the e2e cluster (image store, pod volumes, etcd)"
started=$(date +%s)
log "cleaning up what a previous run left"
teardown
mkdir -p "$E2E_STATE" "$PIDS" "$CONF" "$LOGS"
# Component logs of this run only (the audit log included); pod logs are collected at `down`.
rm -rf "$LOGS/pods"; rm -f "$LOGS"/*.log "$LOGS"/audit*.log "$LOGS/events.txt"

set_sysctls
create_bridge
add_isolation_rules
create_outside_host

make_pki
for c in admin:admin controller-manager:controller-manager scheduler:scheduler kubelet:kubelet \
         kube-proxy:kube-proxy coredns:coredns netpol:netpol; do
  make_kubeconfig "${c%%:*}" "${c#*:}"
done
cp "$CONF/admin.kubeconfig" "$KUBECONFIG_ADMIN"
write_containerd_config; write_cni_config; write_audit_policy
write_kubelet_config; write_kube_proxy_config; write_corefile

start_containerd
import_images
start_etcd
start_apiserver
apply_bootstrap_objects
start_controller_manager
start_scheduler
start_kube_proxy
start_coredns
start_kubelet
# The policy agents look up their Node object when they start, so they come after kubelet.
start_netpol
install_crds
wait_until 60 "default ServiceAccount in namespace default" kubectl_admin get serviceaccount default
log "cluster up in $(( $(date +%s) - started )) s; kubeconfig: $KUBECONFIG_ADMIN"
