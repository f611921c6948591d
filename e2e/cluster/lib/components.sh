# Starting each host process of the cluster and waiting, bounded, until it serves.

start_containerd() {
  # Image pulls go to a loopback proxy that does not exist: a missing image fails at once
  # instead of sending a single packet towards a registry.
  start_component containerd HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY= -- \
    "$(command -v containerd)" --config "$CONF/containerd.toml"
  wait_until 30 "containerd answering on $CONTAINERD_SOCK" ctr_e2e version
}

start_etcd() {
  start_component etcd -- "$ETCD_BIN" --name e2e --data-dir "$E2E_STATE/etcd" \
    --listen-client-urls "$ETCD_CLIENT_URL" --advertise-client-urls "$ETCD_CLIENT_URL" \
    --listen-peer-urls "$ETCD_PEER_URL" --initial-advertise-peer-urls "$ETCD_PEER_URL" \
    --initial-cluster "e2e=$ETCD_PEER_URL" --log-level warn \
    --unsafe-no-fsync # a throwaway cluster: durability is not worth the disk latency here
  wait_until 30 "etcd healthy" curl -fsS "$ETCD_CLIENT_URL/health"
}

start_apiserver() {
  start_component kube-apiserver -- "$K8S_BIN/kube-apiserver" \
    --advertise-address "$NODE_IP" --bind-address "$NODE_IP" --secure-port "$API_PORT" \
    --etcd-servers "$ETCD_CLIENT_URL" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --authorization-mode Node,RBAC \
    --enable-admission-plugins NodeRestriction,PodSecurity \
    --allow-privileged=true \
    --client-ca-file "$PKI/ca.crt" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$PKI/ca.crt" \
    --kubelet-preferred-address-types InternalIP \
    --service-account-issuer "https://kubernetes.default.svc.$CLUSTER_DOMAIN" \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --audit-policy-file "$CONF/audit-policy.yaml" --audit-log-path "$LOGS/audit.log" \
    --audit-log-maxsize 200 --audit-log-maxbackup 1 \
    --profiling=false
  wait_until 90 "kube-apiserver ready" kubectl_admin get --raw /readyz
}

start_controller_manager() {
  local kc="$CONF/controller-manager.kubeconfig"
  start_component kube-controller-manager -- "$K8S_BIN/kube-controller-manager" \
    --kubeconfig "$kc" --authentication-kubeconfig "$kc" --authorization-kubeconfig "$kc" \
    --bind-address 127.0.0.1 --leader-elect=false \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --use-service-account-credentials=true \
    --service-cluster-ip-range "$SERVICE_CIDR" --cluster-cidr "$POD_CIDR" \
    --controllers '*,-csrsigning,-csrapproving,-csrcleaner,-bootstrapsigner,-tokencleaner'
}

start_scheduler() {
  local kc="$CONF/scheduler.kubeconfig"
  start_component kube-scheduler -- "$K8S_BIN/kube-scheduler" \
    --kubeconfig "$kc" --authentication-kubeconfig "$kc" --authorization-kubeconfig "$kc" \
    --bind-address 127.0.0.1 --leader-elect=false
}

start_kubelet() {
  start_component kubelet -- "$K8S_BIN/kubelet" --config "$CONF/kubelet.yaml" \
    --kubeconfig "$CONF/kubelet.kubeconfig" --root-dir "$KUBELET_DIR" --cert-dir "$PKI" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP"
  wait_until 90 "node $NODE_NAME Ready" node_ready
}

node_ready() {
  [ "$(kubectl_admin get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" = True ]
}

start_kube_proxy() {
  start_component kube-proxy -- "$K8S_BIN/kube-proxy" --config "$CONF/kube-proxy.yaml"
}

start_coredns() {
  start_component coredns -- "$COREDNS_BIN" -conf "$CONF/Corefile"
  wait_until 60 "CoreDNS ready" curl -fsS http://127.0.0.1:18182/ready
}

# The agent netpol_agent (e2e/lib/netpol.sh) picks for this kernel; up.sh asks it once.
start_netpol() {
  if [ "${NETPOL_AGENT:-$(netpol_agent)}" = kube-network-policies ]; then
    echo kube-network-policies > "$E2E_STATE/netpol-agent"
    knp_service_account
    # It only reads in-cluster credentials (/run/secrets/...): give it them in a private mount
    # namespace rather than writing into the host's /run.
    start_component kube-network-policies KUBERNETES_SERVICE_HOST="$NODE_IP" KUBERNETES_SERVICE_PORT="$API_PORT" -- \
      unshare --mount --propagation private sh -c 'mount -t tmpfs e2e-secrets /run &&
        mkdir -p /run/secrets/kubernetes.io && ln -s "$0" /run/secrets/kubernetes.io/serviceaccount && exec "$@"' \
      "$E2E_STATE/knp-sa" "$KNP_BIN" -hostname-override "$NODE_NAME" -metrics-bind-address 127.0.0.1:19080 -disable-nri
  else
    echo kube-router > "$E2E_STATE/netpol-agent"
    start_component kube-router -- "$KUBE_ROUTER_BIN" --kubeconfig "$CONF/netpol.kubeconfig" \
      --hostname-override "$NODE_NAME" --run-firewall=true --run-router=false \
      --run-service-proxy=false --enable-cni=false --health-port 0 \
      --service-cluster-ip-range "$SERVICE_CIDR"
  fi
  wait_until 60 "the NetworkPolicy agent's rules in place" netpol_rules_present
}

knp_service_account() {
  kubectl_admin -n kube-system create serviceaccount kube-network-policies >/dev/null
  kubectl_admin create clusterrolebinding e2e:netpol-sa --clusterrole e2e:netpol \
    --serviceaccount kube-system:kube-network-policies >/dev/null
  mkdir -p "$E2E_STATE/knp-sa"
  kubectl_admin -n kube-system create token kube-network-policies --duration 24h > "$E2E_STATE/knp-sa/token"
  cp "$PKI/ca.crt" "$E2E_STATE/knp-sa/ca.crt"; echo kube-system > "$E2E_STATE/knp-sa/namespace"
}

netpol_rules_present() {
  if [ "$(cat "$E2E_STATE/netpol-agent")" = kube-router ]; then iptables -t filter -S KUBE-ROUTER-FORWARD
  else nft list table inet kube-network-policies; fi
}
