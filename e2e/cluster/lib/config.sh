# Configuration files of the cluster's components, written into $CONF at every `up`.

write_containerd_config() {
  mkdir -p "$CONTAINERD_DIR/state" "$CONTAINERD_ROOT" "$E2E_STATE/cni/net.d"
  cat > "$CONF/containerd.toml" <<TOML
version = 2
root = "$CONTAINERD_ROOT"
# Leave containerd's own OOM score alone (lowering it needs CAP_SYS_RESOURCE).
oom_score = 0
state = "$CONTAINERD_DIR/state"
[grpc]
  address = "$CONTAINERD_SOCK"
[ttrpc]
  address = "$CONTAINERD_SOCK.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$CONTAINERD_DIR/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  netns_mounts_under_state_dir = true
  # Kubelet asks for negative OOM scores (-998 for every pod sandbox), which needs
  # CAP_SYS_RESOURCE; machines without it (this VM) fail every sandbox in runc with
  # "failed to update /proc/self/oom_score_adj: Permission denied". This clamps scores to
  # containerd's own (0 here) instead.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        BinaryName = "$(command -v runc)"
        # Not the shared /run/containerd/runc: another containerd on the machine may use k8s.io too.
        Root = "$CONTAINERD_DIR/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$E2E_STATE/cni/net.d"
TOML
}

# bridge + host-local (+ portmap); containerd adds loopback itself. No ipMasq: nothing is NATed out.
write_cni_config() {
  cat > "$E2E_STATE/cni/net.d/10-e2e.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "cdk8s-airflow-e2e",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$POD_CIDR", "gateway": "$POD_GATEWAY" }]],
        "routes": [{ "dst": "0.0.0.0/0" }],
        "dataDir": "$E2E_STATE/cni/ipam"
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
JSON
}

write_audit_policy() {
  cat > "$CONF/audit-policy.yaml" <<YAML
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
YAML
}

write_kubelet_config() {
  mkdir -p "$KUBELET_DIR"
  # No nameserver: a pod with dnsPolicy Default gets no resolver, ClusterFirst pods get CoreDNS only.
  echo "# cdk8s-airflow e2e: deliberately no upstream nameserver" > "$CONF/resolv.conf"
  cat > "$CONF/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
address: $NODE_IP
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
clusterDomain: $CLUSTER_DOMAIN
clusterDNS: [$DNS_SERVICE_IP]
resolvConf: $CONF/resolv.conf
podLogsDir: $E2E_STATE/pod-logs
tlsCertFile: $PKI/kubelet-serving.crt
tlsPrivateKeyFile: $PKI/kubelet-serving.key
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: Webhook}
protectKernelDefaults: true
serializeImagePulls: false
# Images cannot be pulled again here: never garbage-collect them, and evict only when truly full.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: 200Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
YAML
}

write_kube_proxy_config() {
  cat > "$CONF/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clusterCIDR: $POD_CIDR
hostnameOverride: $NODE_NAME
bindAddress: $NODE_IP
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
clientConnection: {kubeconfig: $CONF/kube-proxy.kubeconfig}
# NodePorts only on the node's cluster address, never on eth0 or localhost.
nodePortAddresses: [$NODE_IP/32]
iptables: {localhostNodePorts: false}
# Zero leaves the machine's conntrack settings alone.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
YAML
}

# Answers only cluster.local and its reverse zones; any other name is REFUSED (no forward plugin).
write_corefile() {
  cat > "$CONF/Corefile" <<COREFILE
$CLUSTER_DOMAIN:53 in-addr.arpa:53 ip6.arpa:53 {
    bind $NODE_IP
    errors
    log
    health 127.0.0.1:18181
    ready 127.0.0.1:18182
    kubernetes $CLUSTER_DOMAIN in-addr.arpa ip6.arpa {
        kubeconfig $CONF/coredns.kubeconfig e2e
        pods insecure
        ttl 5
    }
    cache 5
}
COREFILE
}
