#!/usr/bin/env bash
# Questions the TypeScript runner asks the host (it needs root, nft and containerd's socket):
#   host.sh facts              the cluster's addresses and paths as JSON
#   host.sh isolation-rejects  packets the nft forward chain has rejected from pods so far
#   host.sh outside-check      whether the outside test host answers the node (a control)
#   host.sh images             image names in the cluster's containerd, one a line
#   host.sh git-daemon DIR     serves the bare repositories under DIR (git://NODE_IP/<name>.git,
#                              read-only) for git-sync in scenario pods; down.sh stops it
#   host.sh git-daemon-stop    stops it
#   host.sh argocd BINARY REDIS MODULE
#                              starts Argo CD's repo server and application controller (one
#                              binary, chosen by ARGOCD_BINARY_NAME) against the cluster, with
#                              their Redis at REDIS (host:port) and the helper scripts of the
#                              module's source folder MODULE; down.sh stops them
#   host.sh argocd-stop        stops them
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for f in env net proc; do . "$here/lib/$f.sh"; done

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
  "kubernetesVersion": "$KUBERNETES_VERSION", "stateDir": "$E2E_STATE", "gitPort": $GIT_PORT
}
JSON
    ;;
  isolation-rejects) isolation_reject_count ;;
  outside-check) curl -fsS --max-time 3 "http://$OUTSIDE_IP:$OUTSIDE_PORT/" ;;
  images) ctr_e2e images ls -q ;;
  git-daemon)
    dir=${2:?host.sh git-daemon DIR}
    command -v git >/dev/null || { APT_PACKAGES=git; ensure_apt_packages; }
    stop_component git-daemon
    # Read-only (upload-pack only), on the node address only, as nobody. The repositories are
    # root's: safe.directory lets upload-pack read them as another user.
    start_component git-daemon GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=safe.directory GIT_CONFIG_VALUE_0='*' -- \
      "$(command -v git)" daemon --reuseaddr --export-all --base-path="$dir" --listen="$NODE_IP" --port="$GIT_PORT" \
      --user=nobody --group=nogroup --max-connections=16 --timeout=60 --init-timeout=10 --informative-errors "$dir"
    wait_until 15 "git daemon listening on $NODE_IP:$GIT_PORT" bash -c "exec 3<>/dev/tcp/$NODE_IP/$GIT_PORT"
    ;;
  git-daemon-stop) stop_component git-daemon ;;
  argocd)
    bin=${2:?host.sh argocd BINARY REDIS MODULE}; redis=${3:?host.sh argocd BINARY REDIS MODULE}; module=${4:?host.sh argocd BINARY REDIS MODULE}
    stop_component argocd-application-controller; stop_component argocd-repo-server
    # Host processes like the rest of the node's services: loopback ports only, no TLS between the
    # two (nothing else can reach them), GPG off (no keys), and the controller's
    # "https://kubernetes.default.svc" destination is this cluster through the admin kubeconfig
    # (ARGOCD_FAKE_IN_CLUSTER), as an in-cluster controller's ServiceAccount would be.
    work="$E2E_STATE/argocd"; mkdir -p "$work/tmp" "$work/bin"
    # The repo server runs this on every checkout (Argo CD's image has it in /usr/local/bin).
    install -m 0755 "$module/hack/git-verify-wrapper.sh" "$work/bin/"
    common=(HOME="$work" TMPDIR="$work/tmp" PATH="$work/bin:$PATH" ARGOCD_GPG_ENABLED=false GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null)
    start_component argocd-repo-server "${common[@]}" ARGOCD_BINARY_NAME=argocd-repo-server -- \
      "$bin" --address 127.0.0.1 --port "$ARGOCD_REPO_PORT" --metrics-address 127.0.0.1 --metrics-port "$ARGOCD_REPO_METRICS_PORT" \
      --disable-tls --client-ca-path= --redis "$redis" --loglevel info --logformat text
    wait_until 60 "argocd-repo-server listening on 127.0.0.1:$ARGOCD_REPO_PORT" bash -c "exec 3<>/dev/tcp/127.0.0.1/$ARGOCD_REPO_PORT"
    start_component argocd-application-controller "${common[@]}" ARGOCD_BINARY_NAME=argocd-application-controller \
      ARGOCD_FAKE_IN_CLUSTER=true KUBECONFIG="$KUBECONFIG_ADMIN" -- \
      "$bin" --kubeconfig "$KUBECONFIG_ADMIN" --namespace argocd --repo-server "127.0.0.1:$ARGOCD_REPO_PORT" --repo-server-plaintext \
      --redis "$redis" --metrics-port "$ARGOCD_CONTROLLER_METRICS_PORT" --status-processors 2 --operation-processors 2 \
      --app-resync 60 --loglevel info --logformat text
    wait_until 60 "argocd-application-controller metrics on :$ARGOCD_CONTROLLER_METRICS_PORT" bash -c "exec 3<>/dev/tcp/127.0.0.1/$ARGOCD_CONTROLLER_METRICS_PORT"
    ;;
  argocd-stop) stop_component argocd-application-controller; stop_component argocd-repo-server ;;
  *) sed -n '2,6s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
