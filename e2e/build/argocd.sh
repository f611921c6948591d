#!/usr/bin/env bash
# Tries to build Argo CD (application controller and repo server are one binary, `argocd`, that
# dispatches on its name) from the Go module github.com/argoproj/argo-cd/v3 at $ARGOCD_VERSION,
# through a wrapper module like Kubernetes (e2e/lib/gowrap.sh): the module's go.mod replaces
# its k8s.io/* staging modules (copied into the wrapper) and its own gitops-engine with a local
# folder, which a module download does not contain; the wrapper points it at the published module
# github.com/argoproj/argo-cd/gitops-engine/v3 of the same release instead.
# Not part of `npm run e2e`'s build: gitops.argocd runs only where this produced the binary.
# Exit 0 with the binary in the cache; otherwise the last lines of the failure on stderr.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/gowrap.sh"

ARGOCD_VERSION=${ARGOCD_VERSION:-v3.6.1}
out="$E2E_CACHE/argocd/$ARGOCD_VERSION/bin/argocd"
if [ -x "$out" ]; then log "argocd $ARGOCD_VERSION: cached"; exit 0; fi
require_free_mb "$E2E_CACHE" 3000 "building argocd $ARGOCD_VERSION"
go_env
# The module needs Go 1.27; the machine has 1.26: the toolchain module comes through the Go proxy.
export GOTOOLCHAIN=${ARGOCD_GOTOOLCHAIN:-go1.27.3}
go mod download "github.com/argoproj/argo-cd/v3@$ARGOCD_VERSION"
mod="$GOMODCACHE/cache/download/github.com/argoproj/argo-cd/v3/@v/$ARGOCD_VERSION.mod"
GO_WRAPPER_REPLACES=$(awk '/^replace \(/ {on=1; next} on && /^\)/ {on=0} on && /=>/ && !/^\s*\/\//' "$mod"
  printf '\tgithub.com/argoproj/argo-cd/gitops-engine/v3 => github.com/argoproj/argo-cd/gitops-engine/v3 %s\n' "$ARGOCD_VERSION")
export GO_WRAPPER_REPLACES
go_wrapper_build argocd "$ARGOCD_VERSION" github.com/argoproj/argo-cd/v3 github.com/argoproj/argo-cd/v3/cmd "$out"
