# Helpers for building image root filesystems: host packages, the Debian mirror the machine is
# configured with, the shared debootstrap base, and chroots with their mounts. Sourced by build.sh
# after e2e/lib/common.sh. Everything that changes what lands in an image lives here or in a recipe
# folder, and both are part of every image's cache key.

DEBIAN_SUITE=bookworm
# The shared base: debootstrap's minbase plus these packages (part of the base's cache key).
BASE_PACKAGES=ca-certificates
# Bump when the way ensure_base (build.sh) makes the base changes: the base's cache key.
BASE_RECIPE_VERSION=1

# Installs host packages (debootstrap, gcc, ...) when a fresh machine lacks them.
apt_install() {
  if [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e '^lock$' -e '^partial$' -e '^auxfiles$')" ]; then
    log "apt-get update (no package lists on this machine yet)"
    apt-get update -qq >&2
  fi
  log "installing host packages: $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# The Debian archive URI this machine's apt sources use for $DEBIAN_SUITE (never written in the repo).
debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    # deb822: the first stanza whose Suites name the release itself (not -security / -updates).
    uri=$(awk -v suite="$DEBIAN_SUITE" '
      BEGIN { RS=""; FS="\n" }
      {
        types=""; uris=""; suites=""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^Types:/) types=$i
          if ($i ~ /^URIs:/) uris=$i
          if ($i ~ /^Suites:/) suites=$i
        }
        if (types ~ /(^|[ \t])deb([ \t]|$)/ && (" " suites " ") ~ ("[ \t]" suite "[ \t]")) {
          sub(/^URIs:[ \t]*/, "", uris); split(uris, u, /[ \t]+/); print u[1]; exit
        }
      }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -e "$f" ] || continue
    uri=$(awk -v suite="$DEBIAN_SUITE" '$1 == "deb" { o = ($2 ~ /^\[/) ? 1 : 0; if ($(3+o) == suite) { print $(2+o); exit } }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  die "no Debian '$DEBIAN_SUITE' entry in /etc/apt/sources.list{,.d/*}: cannot tell which mirror to bootstrap from"
}

# The mirror's Release date for the suite, from apt's own lists (no network): the base's cache key and
# the clamp for every file mtime in the images built on it.
debian_release_file() {
  local mirror=$1 stem
  stem=$(printf '%s' "$mirror" | sed -e 's|^[a-z]*://||' -e 's|/*$||' -e 's|/|_|g')
  local f=/var/lib/apt/lists/${stem}_dists_${DEBIAN_SUITE}_InRelease
  if [ ! -e "$f" ]; then
    log "apt-get update (no Release file for $DEBIAN_SUITE yet)"
    apt-get update -qq >&2
  fi
  [ -e "$f" ] || die "apt has no Release file $f for the $DEBIAN_SUITE suite after apt-get update"
  echo "$f"
}

debian_release_date() { sed -n 's/^Date: //p' "$(debian_release_file "$1")" | head -n1; }

# ---- chroots ---------------------------------------------------------------------------------------
# Mounts made by chroot_mount are recorded so chroot_umount (called from an EXIT trap) removes them.
CHROOT_MOUNTS=()

chroot_mount() {
  local root=$1
  mount -t proc proc "$root/proc" && CHROOT_MOUNTS+=("$root/proc")
  mount --bind /dev "$root/dev" && CHROOT_MOUNTS+=("$root/dev")
  mount -t tmpfs -o mode=1777 tmpfs "$root/tmp" && CHROOT_MOUNTS+=("$root/tmp")
  # Name resolution for apt/pip inside the chroot; the image keeps an empty file (the runtime mounts its own).
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  # No service may start inside a chroot.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 0755 "$root/usr/sbin/policy-rc.d"
}

# Bind-mounts a host cache directory into the chroot (created on both sides).
chroot_bind() {
  local root=$1 src=$2 dst=$3
  mkdir -p "$src" "$root$dst"
  mount --bind "$src" "$root$dst" && CHROOT_MOUNTS+=("$root$dst")
}

chroot_umount() {
  local i
  for ((i = ${#CHROOT_MOUNTS[@]} - 1; i >= 0; i--)); do
    umount "${CHROOT_MOUNTS[$i]}" 2>/dev/null || umount -l "${CHROOT_MOUNTS[$i]}" || true
  done
  CHROOT_MOUNTS=()
}

# Runs a command inside the chroot with a clean environment.
in_chroot() {
  local root=$1
  shift
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive ${CHROOT_ENV:-} chroot "$root" "$@"
}

# apt-get install inside the chroot, from the machine's mirror ($DEBIAN_SUITE main only: a fixed
# point release, so the cache key stays the Release date).
chroot_apt_install() {
  local root=$1
  shift
  if [ ! -e "$root/var/lib/apt/lists/.updated" ]; then
    printf 'deb %s %s main\n' "$(debian_mirror)" "$DEBIAN_SUITE" >"$root/etc/apt/sources.list"
    in_chroot "$root" apt-get update -qq >>"${BUILD_LOG:-/dev/stderr}" 2>&1
    touch "$root/var/lib/apt/lists/.updated"
  fi
  log "apt-get install (in the image) $*"
  in_chroot "$root" apt-get install -y -qq --no-install-recommends "$@" >>"${BUILD_LOG:-/dev/stderr}" 2>&1 ||
    { tail -n 30 "${BUILD_LOG:-/dev/null}" >&2; die "apt-get install $* failed in $root"; }
}

# pip inside a chroot, set up like the machine's own pip: index, timeouts and the CA bundle it
# trusts (copied into the chroot's /tmp) come from the host's pip configuration and environment;
# no pip cache (the wheelhouse is the cache). Prints "env" arguments for in_chroot ... env <these> pip ...
chroot_pip_env() {
  local root=$1 key value cert
  printf '%s\n' PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PIP_FIND_LINKS=
  for key in index-url extra-index-url trusted-host timeout; do
    value=${PIP_CONFIG_VALUES[$key]:-}
    [ -n "$value" ] && printf 'PIP_%s=%s\n' "$(echo "$key" | tr a-z- A-Z_)" "$value"
  done
  cert=${PIP_CERT:-$(pip_config_value cert)}
  if [ -n "$cert" ] && [ -f "$cert" ]; then
    cp "$cert" "$root/tmp/e2e-pip-ca.pem"
    printf 'PIP_CERT=/tmp/e2e-pip-ca.pem\n'
  fi
  return 0
}
declare -A PIP_CONFIG_VALUES=()
pip_config_value() { command -v pip >/dev/null && pip config get "global.$1" 2>/dev/null || true; }
pip_config_load() {
  local key env_name
  for key in index-url extra-index-url trusted-host timeout; do
    env_name=PIP_$(echo "$key" | tr a-z- A-Z_)
    PIP_CONFIG_VALUES[$key]=${!env_name:-$(pip_config_value "$key")}
  done
  [ -n "${PIP_CONFIG_VALUES[timeout]}" ] || PIP_CONFIG_VALUES[timeout]=${PIP_DEFAULT_TIMEOUT:-}
}

# Downloads the files a hash-pinned requirements file names into the e2e wheelhouse (a file already
# there is not fetched again; pip checks every hash), with a throwaway pip in the chroot's /tmp.
# Then: in_chroot ... pip install --no-index --find-links "$CHROOT_WHEELHOUSE" --require-hashes ...
CHROOT_WHEELHOUSE=/var/cache/e2e-wheels
chroot_pip_download() {
  local root=$1 req=$2 pip_env
  chroot_bind "$root" "$E2E_CACHE/pip/wheels" "$CHROOT_WHEELHOUSE"
  [ -x "$root/tmp/e2e-dl/bin/pip" ] || in_chroot "$root" python3 -m venv /tmp/e2e-dl
  cp "$req" "$root/tmp/e2e-download.txt"
  pip_config_load
  mapfile -t pip_env < <(chroot_pip_env "$root")
  log "pip download (hash-checked) $(basename "$req") into the e2e wheelhouse"
  in_chroot "$root" env "${pip_env[@]}" /tmp/e2e-dl/bin/pip download --quiet --require-hashes --no-deps \
    --dest "$CHROOT_WHEELHOUSE" -r /tmp/e2e-download.txt >>"$BUILD_LOG" 2>&1 ||
    { tail -n 30 "$BUILD_LOG" >&2; die "pip download of $(basename "$req") failed (log: $BUILD_LOG)"; }
}

# Leaves only what an image needs: no apt lists or caches, no logs of the build, no device nodes.
rootfs_finish() {
  local root=$1
  rm -f "$root/usr/sbin/policy-rc.d"
  : >"$root/etc/resolv.conf"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
    "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old "$root"/var/log/* "$root"/root/.cache \
    "$root"/tmp/* "$root"/var/tmp/*
  find "$root/dev" -mindepth 1 -delete 2>/dev/null || true
  rm -f "$root/etc/machine-id" && : >"$root/etc/machine-id"
  # ldconfig's inode/mtime cache differs between two builds of the same packages.
  rm -f "$root/var/cache/ldconfig/aux-cache"
}

# Refuses to delete a directory while anything is mounted below it, then deletes it.
safe_rm() {
  local dir=$1
  [ -e "$dir" ] || return 0
  dir=$(cd "$dir" && pwd -P)
  if awk -v d="$dir/" '{ if (index($2 "/", d) == 1) found=1 } END { exit !found }' /proc/self/mounts; then
    die "refusing to delete $dir: something is still mounted below it (see /proc/self/mounts)"
  fi
  rm -rf --one-file-system "$dir"
}
