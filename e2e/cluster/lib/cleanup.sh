# Tearing a cluster down, also the leftovers of a run that crashed. Everything here touches only
# what the run created: recorded PIDs, mounts under $E2E_STATE, our bridge, netns and rule sets.

# kubectl logs of every container (the previous instance too) into build/e2e/logs/pods/.
collect_pod_logs() {
  kubectl_admin get --raw /readyz >/dev/null 2>&1 || return 0
  local out="$LOGS/pods" ns pod c
  mkdir -p "$out"
  kubectl_admin get pods -A -o jsonpath='{range .items[*]}{.metadata.namespace} {.metadata.name} {range .spec.initContainers[*]}{.name},{end}{range .spec.containers[*]}{.name},{end}{"\n"}{end}' 2>/dev/null |
    while read -r ns pod containers; do
      for c in ${containers//,/ }; do
        kubectl_admin logs -n "$ns" "$pod" -c "$c" > "$out/$ns.$pod.$c.log" 2>&1 || true
        kubectl_admin logs -n "$ns" "$pod" -c "$c" --previous > "$out/$ns.$pod.$c.previous.log" 2>/dev/null ||
          rm -f "$out/$ns.$pod.$c.previous.log"
      done
    done
  kubectl_admin get events -A --sort-by=.lastTimestamp > "$LOGS/events.txt" 2>&1 || true
}

# Kills every container of our containerd through its own API. After a crash containerd may be
# gone while its shims still run the containers; a short-lived containerd reattaches to them.
remove_containers() {
  [ -f "$CONF/containerd.toml" ] || return 0
  local temporary=false id
  if ! component_pid containerd >/dev/null; then
    ctr_e2e version >/dev/null 2>&1 && die "a containerd we did not record answers on $CONTAINERD_SOCK"
    [ -d "$CONTAINERD_DIR/state/io.containerd.runtime.v2.task/k8s.io" ] || return 0
    temporary=true; start_containerd
  fi
  for id in $(ctr_e2e tasks ls -q 2>/dev/null); do ctr_e2e tasks rm -f "$id" >/dev/null 2>&1 || true; done
  for id in $(ctr_e2e containers ls -q 2>/dev/null); do ctr_e2e containers rm "$id" >/dev/null 2>&1 || true; done
  if $temporary; then stop_component containerd; fi
}

# Mounts under the state folder (pod volumes, container rootfs, pod netns), deepest first.
unmount_state() {
  local m
  for m in $(findmnt -rn -o TARGET | grep "^$E2E_STATE/" | awk '{ print length, $0 }' | sort -rn | cut -d' ' -f2-); do
    umount "$m" 2>/dev/null || umount -l "$m" || log "could not unmount $m"
  done
}

# kube-proxy removes its own iptables chains with --cleanup.
remove_kube_proxy_rules() {
  [ -x "$K8S_BIN/kube-proxy" ] && "$K8S_BIN/kube-proxy" --cleanup >>"$LOGS/kube-proxy.log" 2>&1 || true
}

# kubelet's own chains (it has no cleanup command): KUBE-FIREWALL, which drops non-local packets
# to 127.0.0.0/8, and the canary/hint chains it uses to detect that iptables was flushed.
remove_kubelet_rules() {
  local ipt table
  for ipt in iptables ip6tables; do
    while $ipt -t filter -D INPUT -j KUBE-FIREWALL 2>/dev/null; do :; done
    while $ipt -t filter -D OUTPUT -j KUBE-FIREWALL 2>/dev/null; do :; done
    for table in filter nat mangle; do
      for chain in KUBE-FIREWALL KUBE-KUBELET-CANARY KUBE-IPTABLES-HINT; do
        $ipt -t "$table" -F "$chain" 2>/dev/null && $ipt -t "$table" -X "$chain" 2>/dev/null || true
      done
    done
  done
}

# The policy agents' rules. kube-router v2.1.0's --cleanup-config does not remove its policy
# chains (it runs on an uninitialised controller) and also resets IPVS, so we remove exactly the
# chains and ipsets its netpol controller names (KUBE-ROUTER-*, KUBE-NWPLCY-*, KUBE-POD-FW-*,
# KUBE-SRC-*, KUBE-DST-*). kube-network-policies keeps everything in its own nftables table.
remove_netpol_rules() {
  nft delete table inet kube-network-policies 2>/dev/null || true
  # Before the first `up` a machine may have no iptables at all, and so no rules to remove.
  command -v iptables-save >/dev/null || return 0
  local rule chain set
  iptables-save -t filter 2>/dev/null | { grep -E '^-A (INPUT|FORWARD|OUTPUT) .*-j KUBE-ROUTER-' || true; } |
    while read -r rule; do eval "iptables -t filter ${rule/#-A/-D}" || true; done
  chains=$(iptables-save -t filter 2>/dev/null | sed -n 's/^:\(KUBE-ROUTER-[^ ]*\|KUBE-NWPLCY-[^ ]*\|KUBE-POD-FW-[^ ]*\) .*/\1/p')
  for chain in $chains; do iptables -t filter -F "$chain" 2>/dev/null || true; done
  for chain in $chains; do iptables -t filter -X "$chain" 2>/dev/null || true; done
  if command -v ipset >/dev/null; then
    for set in $(ipset list -n 2>/dev/null | grep -E '^KUBE-(SRC|DST)-'); do ipset destroy "$set" 2>/dev/null || true; done
  fi
}

# kubelet's cgroupfs hierarchy (kubepods) in every v1 controller; rmdir only empties, never kills.
remove_cgroups() {
  local d
  for d in /sys/fs/cgroup/*/kubepods; do
    [ -d "$d" ] || continue
    find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}

# Wipes the run's state but keeps containerd's image store (and what was imported into it).
wipe_state() {
  [ -d "$E2E_STATE" ] || return 0
  find "$E2E_STATE" -mindepth 1 -maxdepth 1 ! -name containerd -exec rm -rf {} +
  find "$CONTAINERD_DIR" -mindepth 1 -maxdepth 1 ! -name root ! -name imported -exec rm -rf {} + 2>/dev/null || true
}

teardown() {
  stop_component kubelet
  remove_containers
  stop_all_components
  remove_kube_proxy_rules
  remove_kubelet_rules
  remove_netpol_rules
  unmount_state
  remove_network
  remove_cgroups
  restore_sysctls
  wipe_state
}
