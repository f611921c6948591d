# Builds one binary of a Go module inside a throwaway wrapper module.
#
# `go install module/cmd@version` refuses modules whose go.mod has replace directives (etcd,
# Kubernetes) and cannot choose a plugin set (CoreDNS). A wrapper module that requires the
# upstream module at the pinned version builds the very same sources, with the upstream go.sum
# checks, and lets a small main.go pick what gets compiled in.
#
# Usage: go_wrapper_build NAME VERSION MODULE PACKAGE OUTPUT [MAIN_GO_FILE]
# Reads: $GO_LDFLAGS (optional) and $GO_WRAPPER_REPLACES (optional "mod=>mod ver" lines).

go_wrapper_build() {
  local name=$1 version=$2 module=$3 package=$4 output=$5 main_go=${6:-}
  local wrapper="$E2E_CACHE/$name/$version/wrapper"
  mkdir -p "$wrapper" "$(dirname "$output")"
  go_env
  go mod download "$module@$version"
  local upstream_go
  upstream_go=$(grep -m1 '^go ' "$GOMODCACHE/cache/download/$(go_escape "$module")/@v/$version.mod")
  {
    printf 'module cdk8s-airflow.local/%s-build\n\n%s\n\nrequire %s %s\n' "$name" "$upstream_go" "$module" "$version"
    if [ -n "${GO_WRAPPER_REPLACES:-}" ]; then printf '\nreplace (\n%s\n)\n' "$GO_WRAPPER_REPLACES"; fi
  } > "$wrapper/go.mod"
  if [ -n "$main_go" ]; then cp "$main_go" "$wrapper/main.go"; else echo 'package main' > "$wrapper/doc.go"; fi
  log "building $name $version (go build $package)"
  local started; started=$(date +%s)
  (cd "$wrapper" && go build -trimpath -ldflags "-s -w ${GO_LDFLAGS:-}" -o "$output.tmp" "$package")
  mv "$output.tmp" "$output"
  log "built $name in $(( $(date +%s) - started )) s"
}

# The module cache spells upper-case letters as !lower (github.com/BurntSushi -> !burnt!sushi).
go_escape() { printf '%s' "$1" | sed 's/[A-Z]/!\L&/g'; }
