# Shared by every e2e shell script: pinned versions, the build cache, logging and preconditions.
# Source it; it defines functions and variables only.

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$E2E_DIR/.." && pwd)
# shellcheck source=../versions.env
. "$E2E_DIR/versions.env"

# Builds live outside the repository so a fresh clone reuses them; every entry is keyed by version.
E2E_CACHE=${CDK8S_AIRFLOW_E2E_CACHE:-/var/cache/cdk8s-airflow-e2e}
# Runtime state of one cluster (etcd data, kubelet root, containerd root, PIDs); wiped by `down`.
E2E_STATE=${CDK8S_AIRFLOW_E2E_STATE:-/var/lib/cdk8s-airflow-e2e}
E2E_BUILD_OUT="$REPO_DIR/build/e2e"

log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[e2e] error: %s\n' "$*" >&2; exit 1; }

# The e2e needs Linux and root; anywhere else it says so and exits 2 (issue contract).
require_linux_root() {
  if [ "$(uname -s)" != Linux ]; then echo "e2e: needs Linux (this is $(uname -s))" >&2; exit 2; fi
  if [ "$(id -u)" != 0 ]; then echo "e2e: needs root (run it as root; it creates network namespaces, mounts and iptables rules)" >&2; exit 2; fi
}

# Fails early, naming the figure, when the disk cannot hold what the next step writes.
require_free_mb() {
  local dir=$1 need=$2 what=$3 have
  mkdir -p "$dir"
  have=$(df -Pm "$dir" | awk 'NR==2 {print $4}')
  if [ "$have" -lt "$need" ]; then
    die "$what needs about ${need} MB free under $dir, only ${have} MB are free; free disk space or point CDK8S_AIRFLOW_E2E_CACHE elsewhere"
  fi
}

# Go settings for every Go build: module and build caches inside the e2e cache, the proxy from
# the machine's own Go environment (never a host written here).
go_env() {
  export GOMODCACHE="$E2E_CACHE/go/mod" GOCACHE="$E2E_CACHE/go/build"
  export CGO_ENABLED=0 GOFLAGS=-mod=mod
  export GOPROXY="${GOPROXY:-$(go env GOPROXY)}"
}

# Installs the Debian packages of $APT_PACKAGES that are missing (a fresh machine has none).
ensure_apt_packages() {
  local missing=() p
  for p in $APT_PACKAGES; do dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}
