# Addresses, names and paths of the one-node cluster. Sourced by up.sh, down.sh and lib/*.sh.
# shellcheck source=../../lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../lib/common.sh"
# shellcheck source=../../lib/netpol.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../lib/netpol.sh"

# Networks: all local, none routed anywhere. NODE_IP sits on the pod bridge (this kernel has no
# dummy interfaces) so pods reach the API server and CoreDNS without touching eth0.
NODE_NAME=e2e-node
NODE_IP=10.243.0.1
POD_CIDR=10.244.0.0/24
POD_GATEWAY=10.244.0.1
SERVICE_CIDR=10.96.0.0/16
API_SERVICE_IP=10.96.0.1
DNS_SERVICE_IP=10.96.0.10
CLUSTER_DOMAIN=cluster.local
BRIDGE=e2e-br0
# The isolation test host: a network namespace outside every cluster network (RFC 2544 range).
OUTSIDE_NETNS=cdk8s-e2e-outside
OUTSIDE_HOST_IF=e2e-out0
OUTSIDE_HOST_IP=198.18.0.1
OUTSIDE_IP=198.18.0.2
OUTSIDE_PORT=8080
# nftables table that keeps pod traffic on the machine (see net.sh).
NFT_TABLE=cdk8s_airflow_e2e

API_PORT=6443
# git daemon of the scenarios' DAG repositories (host.sh git-daemon), on NODE_IP.
GIT_PORT=9418
# Argo CD's repo server and application controller (gitops.argocd), loopback only.
ARGOCD_REPO_PORT=18081
ARGOCD_REPO_METRICS_PORT=18084
ARGOCD_CONTROLLER_METRICS_PORT=18082
ETCD_CLIENT_URL=http://127.0.0.1:23790
ETCD_PEER_URL=http://127.0.0.1:23800

K8S_BIN="$E2E_CACHE/kubernetes/$KUBERNETES_VERSION/bin"
ETCD_BIN="$E2E_CACHE/etcd/$ETCD_VERSION/bin/etcd"
COREDNS_BIN="$E2E_CACHE/coredns/$COREDNS_VERSION/bin/coredns"
KNP_BIN="$E2E_CACHE/kube-network-policies/$KUBE_NETWORK_POLICIES_VERSION/bin/kube-network-policies"
KUBE_ROUTER_BIN="$E2E_CACHE/kube-router/$KUBE_ROUTER_VERSION/bin/kube-router"

PKI="$E2E_STATE/pki"
PIDS="$E2E_STATE/pids"
CONF="$E2E_STATE/config"
KUBECONFIG_ADMIN="$E2E_STATE/admin.kubeconfig"
CONTAINERD_DIR="$E2E_STATE/containerd"
CONTAINERD_SOCK="$CONTAINERD_DIR/containerd.sock"
# Image content survives `down` so a warm `up` does not import the image tars again.
CONTAINERD_ROOT="$CONTAINERD_DIR/root"
KUBELET_DIR="$E2E_STATE/kubelet"
LOGS="$E2E_BUILD_OUT/logs"

kubectl_admin() { "$K8S_BIN/kubectl" --kubeconfig "$KUBECONFIG_ADMIN" --request-timeout=30s "$@"; }
ctr_e2e() { ctr --address "$CONTAINERD_SOCK" --namespace k8s.io "$@"; }
