#!/usr/bin/env bash
# Questions the TypeScript runner asks the host (it needs root, nft and containerd's socket):
#   host.sh facts              the cluster's addresses and paths as JSON
#   host.sh isolation-rejects  packets the nft forward chain has rejected from pods so far
#   host.sh outside-check      whether the outside test host answers the node (a control)
#   host.sh images             image names in the cluster's containerd, one a line
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for f in env net; do . "$here/lib/$f.sh"; done

case "${1:-}" in
  facts)
    cat <<JSON
{
  "kubeconfig": "$KUBECONFIG_ADMIN", "kubectl": "$K8S_BIN/kubectl", "confDir": "$CONF",
  "caFile": "$PKI/ca.crt", "apiServer": "https://$NODE_IP:$API_PORT",
  "logsDir": "$LOGS", "auditLog": "$LOGS/audit.log", "nodeName": "$NODE_NAME", "nodeIP": "$NODE_IP",
  "podCIDR": "$POD_CIDR", "serviceCIDR": "$SERVICE_CIDR", "dnsServiceIP": "$DNS_SERVICE_IP",
  "clusterDomain": "$CLUSTER_DOMAIN", "outsideIP": "$OUTSIDE_IP", "outsidePort": $OUTSIDE_PORT,
  "netpolAgent": "$(cat "$E2E_STATE/netpol-agent" 2>/dev/null || echo none)",
  "kubernetesVersion": "$KUBERNETES_VERSION"
}
JSON
    ;;
  isolation-rejects) isolation_reject_count ;;
  outside-check) curl -fsS --max-time 3 "http://$OUTSIDE_IP:$OUTSIDE_PORT/" ;;
  images) ctr_e2e images ls -q ;;
  *) sed -n '2,6s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
