#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy and kubectl
# from the Go module k8s.io/kubernetes at $KUBERNETES_VERSION into the cache.
#
# `go install k8s.io/kubernetes/cmd/...@v` refuses the module because its go.mod replaces the
# k8s.io/* staging modules with local folders that a module download does not contain. A wrapper
# module that requires k8s.io/kubernetes and points each staging module at its published v0.x
# release builds the same sources.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

out="$E2E_CACHE/kubernetes/$KUBERNETES_VERSION/bin"
binaries=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)
missing=()
for b in "${binaries[@]}"; do [ -x "$out/$b" ] || missing+=("$b"); done
if [ ${#missing[@]} -eq 0 ]; then log "kubernetes $KUBERNETES_VERSION: cached"; exit 0; fi

require_free_mb "$E2E_CACHE" 6000 "building Kubernetes $KUBERNETES_VERSION (module cache and build cache)"
go_env
minor=${KUBERNETES_VERSION#v1.}; minor=${minor%%.*}
staging_version="v0.${KUBERNETES_VERSION#v1.}"

wrapper="$E2E_CACHE/kubernetes/$KUBERNETES_VERSION/wrapper"
mkdir -p "$wrapper" "$out"
go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" >/dev/null
upstream_mod="$GOMODCACHE/cache/download/k8s.io/kubernetes/@v/$KUBERNETES_VERSION.mod"
{
  echo "module cdk8s-airflow.local/kubernetes-build"
  echo
  grep -m1 '^go ' "$upstream_mod"
  echo
  echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
  echo
  echo "replace ("
  # Every `k8s.io/x => ./staging/src/k8s.io/x` of upstream becomes `k8s.io/x => k8s.io/x v0.N.P`.
  sed -n 's#^\s*\(k8s.io/[a-z0-9-]*\) => ./staging/src/.*#\t\1 => \1 '"$staging_version"'#p' "$upstream_mod"
  echo ")"
} > "$wrapper/go.mod"
echo 'package main' > "$wrapper/doc.go"

# Version stamps so the node, kubectl and the API server report the real release, not v0.0.0.
pkg=k8s.io/component-base/version
ldflags="-s -w -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
ldflags="$ldflags -X k8s.io/client-go/pkg/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$minor"
cd "$wrapper"
for b in "${missing[@]}"; do
  log "building $b $KUBERNETES_VERSION (go build; the first one takes long)"
  started=$(date +%s)
  go build -trimpath -ldflags "$ldflags" -o "$out/$b.tmp" "k8s.io/kubernetes/cmd/$b"
  mv "$out/$b.tmp" "$out/$b"
  log "built $b in $(( $(date +%s) - started )) s"
done
