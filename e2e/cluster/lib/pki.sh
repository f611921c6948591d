# Certificates and keys of one cluster run, made with openssl into $PKI at every `up` (never
# committed, never reused across runs). EC P-256 keys: fast to make, accepted by every component.

new_key() { openssl ecparam -name prime256v1 -genkey -noout -out "$1" 2>/dev/null; chmod 600 "$1"; }

make_ca() {
  new_key "$PKI/ca.key"
  openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=cdk8s-airflow-e2e-ca" -days 7 \
    -out "$PKI/ca.crt" 2>/dev/null
}

# make_cert NAME SUBJECT USAGE [SAN]: signs NAME.crt for NAME.key with the run's CA.
# USAGE is serverAuth, clientAuth or both; SAN like "DNS:x,IP:1.2.3.4".
make_cert() {
  local name=$1 subject=$2 usage=$3 san=${4:-} ext="$PKI/$1.ext"
  new_key "$PKI/$name.key"
  openssl req -new -key "$PKI/$name.key" -subj "$subject" -out "$PKI/$name.csr" 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [ -z "$san" ] || echo "subjectAltName=$san"
  } > "$ext"
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 7 -extfile "$ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr" "$ext"
}

make_pki() {
  mkdir -p "$PKI"; chmod 700 "$PKI"
  make_ca
  local api_san="DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
  api_san="$api_san,DNS:kubernetes.default.svc.$CLUSTER_DOMAIN,DNS:localhost,IP:$API_SERVICE_IP,IP:$NODE_IP,IP:127.0.0.1"
  make_cert apiserver "/CN=kube-apiserver" serverAuth "$api_san"
  make_cert apiserver-kubelet-client "/CN=kube-apiserver-kubelet-client" clientAuth
  make_cert kubelet "/CN=system:node:$NODE_NAME/O=system:nodes" clientAuth
  make_cert kubelet-serving "/CN=$NODE_NAME" serverAuth "DNS:$NODE_NAME,IP:$NODE_IP"
  # The harness's own admin; system:masters keeps it out of every RBAC decision a scenario tests.
  make_cert admin "/CN=cdk8s-airflow-e2e-admin/O=system:masters" clientAuth
  make_cert controller-manager "/CN=system:kube-controller-manager" clientAuth
  make_cert scheduler "/CN=system:kube-scheduler" clientAuth
  make_cert kube-proxy "/CN=system:kube-proxy" clientAuth
  make_cert coredns "/CN=cdk8s-airflow-e2e:coredns" clientAuth
  make_cert netpol "/CN=cdk8s-airflow-e2e:netpol" clientAuth
  # Service account tokens are signed with this pair.
  openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
}

# make_kubeconfig NAME CERT: $CONF/NAME.kubeconfig for the client certificate CERT.
make_kubeconfig() {
  local name=$1 cert=$2
  cat > "$CONF/$name.kubeconfig" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: https://$NODE_IP:$API_PORT
    certificate-authority: $PKI/ca.crt
users:
- name: $name
  user:
    client-certificate: $PKI/$cert.crt
    client-key: $PKI/$cert.key
contexts:
- name: e2e
  context: {cluster: e2e, user: $name}
current-context: e2e
YAML
  chmod 600 "$CONF/$name.kubeconfig"
}
