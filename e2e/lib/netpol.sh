# Which NetworkPolicy agent this machine can run (used by the build and by `up`).
#
# kube-network-policies needs nftables' `queue` statement (CONFIG_NFT_QUEUE). Where the kernel
# lacks it (this VM type: `Error: Could not process rule: No such file or directory`),
# kube-router's policy controller (iptables + ipset) enforces NetworkPolicies instead.
# CDK8S_AIRFLOW_E2E_NETPOL=kube-network-policies or kube-router forces one.

netpol_agent() {
  case "${CDK8S_AIRFLOW_E2E_NETPOL:-auto}" in
    kube-network-policies|kube-router) echo "$CDK8S_AIRFLOW_E2E_NETPOL" ;;
    *) if nft_queue_supported; then echo kube-network-policies; else echo kube-router; fi ;;
  esac
}

# Asks the kernel whether it accepts a rule with `queue`, in a scratch table whose chain is hooked
# nowhere (no packet ever meets it). Without nft (before `up` installs it) the answer is unknown.
nft_queue_supported() {
  command -v nft >/dev/null || return 2
  local table=cdk8s_airflow_e2e_probe out
  out=$(nft -f - 2>&1 <<NFT
table inet $table {
  chain c { queue num 100 bypass; }
}
NFT
  ) && { nft delete table inet "$table"; return 0; }
  log "the kernel refuses nftables 'queue' (kube-network-policies needs it): $(echo "$out" | grep -m1 Error)"
  return 1
}
