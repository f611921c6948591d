# Cluster objects the harness creates once the API server serves: RBAC of the host processes,
# the DNS Service, storage and the CRDs our manifests use.

render() { # render FILE: substitutes @VAR@ placeholders with this run's values
  sed -e "s/@NODE_IP@/$NODE_IP/g" -e "s/@NODE_NAME@/$NODE_NAME/g" -e "s/@DNS_SERVICE_IP@/$DNS_SERVICE_IP/g" "$1"
}

apply_bootstrap_objects() {
  local dir; dir="$(dirname "${BASH_SOURCE[0]}")/../manifests"
  render "$dir/rbac.yaml" | kubectl_admin apply --server-side -f - >/dev/null
  render "$dir/kube-dns.yaml" | kubectl_admin apply --server-side -f - >/dev/null
  render "$dir/storage.yaml" | kubectl_admin apply --server-side -f - >/dev/null
  create_volumes
}

# PersistentVolumes on the node's disk, one folder each, writable by any UID (sticky like /tmp)
# so a non-root pod needs no chown. Capacity is nominal: all share the state folder's disk.
PV_COUNT=16
create_volumes() {
  local i name dir
  for i in $(seq -w 1 "$PV_COUNT"); do
    name="e2e-pv-$i"; dir="$E2E_STATE/volumes/$name"
    mkdir -p "$dir"; chmod 1777 "$dir"
    cat <<YAML
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: $name, labels: {cdk8s-airflow-e2e/volume: local}}
spec:
  capacity: {storage: 100Gi}
  accessModes: [ReadWriteOnce, ReadOnlyMany, ReadWriteMany]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: e2e-local
  local: {path: $dir}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [$NODE_NAME]}]
YAML
  done | kubectl_admin apply --server-side -f - >/dev/null
}

# CRDs of the objects in dist/: imports/crds plus Argo CD's AppProject from the shared folder.
install_crds() {
  local files=("$REPO_DIR"/imports/crds/*.yaml) shared="$REPO_DIR/../shared/crds/argoproj.io_appprojects.yaml"
  if [ -f "$shared" ]; then files+=("$shared"); else log "warning: $shared not found; AppProject CRD not installed"; fi
  local f
  for f in "${files[@]}"; do
    # Only CustomResourceDefinition documents (the folder also holds a README).
    grep -q '^kind: CustomResourceDefinition' "$f" || continue
    kubectl_admin apply --server-side -f "$f" >/dev/null
  done
  kubectl_admin wait --for condition=Established --timeout=60s crd --all >/dev/null
}
