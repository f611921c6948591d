#!/usr/bin/env bash
# Builds the stand-in container images of the e2e cluster as OCI image layout archives.
#
#   e2e/images/build.sh <image-ref>...   build the images missing from the cache (a cache hit does nothing)
#   e2e/images/build.sh --all            every image in images.tsv
#   e2e/images/build.sh --tar <ref>      print the archive path of <ref> (exit 3 when it is not built yet)
#   e2e/images/build.sh --list           print every ref in images.tsv
#   e2e/images/build.sh --info           one line per ref: built or not, archive MB, build seconds,
#                                        what is inside (package versions recorded at build time)
#
# Each archive is $E2E_CACHE/images/<safe-name>-<recipe-hash>.oci.tar; the hash covers the recipe
# folder, the image writer and rootfs helpers, e2e/versions.env, the row's arguments and (for Debian
# based images) the mirror's Release date and the base package list. `ctr -n k8s.io images import`
# of an archive creates the image under the fully qualified name kubelet resolves the ref to.
set -euo pipefail
IMAGES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
. "$IMAGES_DIR/../lib/common.sh"
# shellcheck source=lib/rootfs.sh
. "$IMAGES_DIR/lib/rootfs.sh"

TABLE=$IMAGES_DIR/images.tsv
IMG_CACHE=$E2E_CACHE/images
WRITER=$IMAGES_DIR/lib/oci_image.py
PYTHON=$(command -v python3 || true)

usage() { sed -n '2,15s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit "${1:-2}"; }

# images.tsv rows: ref <TAB> recipe [<TAB> KEY=VALUE ...]; '#' starts a comment.
table_rows() { grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$TABLE"; }
table_refs() { table_rows | cut -f1; }
row_of() {
  local row
  row=$(table_rows | awk -F'\t' -v r="$1" '$1 == r' | head -n1)
  [ -n "$row" ] || die "unknown image ref '$1': not in $TABLE (see --list)"
  printf '%s\n' "$row"
}
safe_name() { printf '%s' "$1" | sed -e 's|[/:@]|_|g'; }

# Whether a recipe builds on the shared Debian base (RECIPE_BASE=debian in its recipe.sh).
recipe_base() { sed -n 's/^RECIPE_BASE=//p' "$IMAGES_DIR/$1/recipe.sh" | head -n1; }

BASE_KEY_CACHED=
base_key() {
  if [ -z "$BASE_KEY_CACHED" ]; then
    local mirror date
    mirror=$(debian_mirror)
    date=$(debian_release_date "$mirror")
    BASE_KEY_CACHED=$(printf 'suite=%s\nrelease-date=%s\nvariant=minbase\npackages=%s\nrecipe=%s\n' \
      "$DEBIAN_SUITE" "$date" "$BASE_PACKAGES" "$BASE_RECIPE_VERSION" |
      sha256sum | cut -c1-16)
  fi
  echo "$BASE_KEY_CACHED"
}
base_epoch() { date -u -d "$(debian_release_date "$(debian_mirror)")" +%s; }

# A file named <stem>-<version>.<ext> (a lock such as airflow/requirements-3.3.2.txt) belongs to the
# rows whose arguments contain =<version>: other rows of the recipe do not rebuild when it changes.
recipe_files_for_args() {
  local args=" $1 " line file
  while IFS= read -r line; do
    file=${line#*  }
    if [[ $(basename "$file") =~ ^[^.]+-([0-9]+(\.[0-9]+)+)\.[a-z]+$ ]] && [[ $args != *"=${BASH_REMATCH[1]} "* ]]; then
      continue
    fi
    printf '%s\n' "$line"
  done
}

# The cache key of one recipe with one argument set (check.sh files are not part of it).
recipe_hash() {
  local recipe=$1 args=$2
  [ -f "$IMAGES_DIR/$recipe/recipe.sh" ] || die "recipe folder $IMAGES_DIR/$recipe has no recipe.sh"
  {
    (cd "$IMAGES_DIR" && find "$recipe" -type f ! -name check.sh -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) |
      recipe_files_for_args "$args"
    (cd "$IMAGES_DIR" && sha256sum lib/oci_image.py lib/rootfs.sh)
    sha256sum <"$E2E_DIR/versions.env"
    printf 'args=%s\n' "$args"
    if [ "$(recipe_base "$recipe")" = debian ]; then printf 'base=%s\n' "$(base_key)"; fi
  } | sha256sum | cut -c1-16
}

tar_path() {
  local ref=$1 row recipe args
  row=$(row_of "$ref")
  recipe=$(cut -f2 <<<"$row")
  args=$(cut -s -f3- <<<"$row" | tr '\t' ' ')
  echo "$IMG_CACHE/$(safe_name "$ref")-$(recipe_hash "$recipe" "$args").oci.tar"
}

# ---- the shared Debian base ----------------------------------------------------------------------
ensure_base() {
  local key out work mirror start
  key=$(base_key)
  out=$IMG_CACHE/base/debian-$DEBIAN_SUITE-minbase-$key.tar
  if [ -s "$out" ]; then echo "$out"; return; fi
  command -v debootstrap >/dev/null || apt_install debootstrap
  require_free_mb "$IMG_CACHE" 1500 "the Debian base root filesystem"
  mirror=$(debian_mirror)
  work=$IMG_CACHE/work/base-$key
  safe_rm "$work"
  mkdir -p "$work" "$IMG_CACHE/base"
  start=$(date +%s)
  log "debootstrap --variant=minbase $DEBIAN_SUITE (mirror Release $(debian_release_date "$mirror"))"
  debootstrap --variant=minbase --include="$BASE_PACKAGES" "$DEBIAN_SUITE" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed (log: $work/debootstrap.log)"; }
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  tar --numeric-owner --xattrs -C "$work/rootfs" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -cf "$out.tmp" .
  mv "$out.tmp" "$out"
  safe_rm "$work"
  log "base $out ($(du -m "$out" | cut -f1) MB) in $(($(date +%s) - start)) s"
  echo "$out"
}

# ---- one recipe -> one layer ---------------------------------------------------------------------
# Builds (or finds) the layer and runtime config of a recipe; prints "<layer> <config> <epoch>".
ensure_layer() {
  local recipe=$1 args=$2 hash=$3
  local layer=$IMG_CACHE/layers/$recipe-$hash.layer.tar config=$IMG_CACHE/layers/$recipe-$hash.config.json
  local meta=$IMG_CACHE/layers/$recipe-$hash.meta
  if [ -s "$layer" ] && [ -s "$config" ] && [ -s "$meta" ]; then
    echo "$layer $config $(sed -n 's/^epoch=//p' "$meta")"
    return
  fi
  local base epoch=0 work=$IMG_CACHE/work/$recipe-$hash start
  base=$(recipe_base "$recipe")
  require_free_mb "$IMG_CACHE" 4000 "building the $recipe image"
  start=$(date +%s)
  safe_rm "$work"
  mkdir -p "$work/rootfs" "$IMG_CACHE/layers"
  if [ "$base" = debian ]; then
    local base_tar
    base_tar=$(ensure_base)
    epoch=$(base_epoch)
    tar --numeric-owner --xattrs -xpf "$base_tar" -C "$work/rootfs"
  fi
  log "building recipe $recipe ${args:+($args) }into $work/rootfs"
  (
    set -euo pipefail
    trap chroot_umount EXIT
    RECIPE_DIR=$IMAGES_DIR/$recipe
    BUILD_LOG=$work/build.log
    export RECIPE_DIR BUILD_LOG
    for kv in $args; do export "${kv?}"; done
    # shellcheck disable=SC1090,SC1091
    . "$RECIPE_DIR/recipe.sh"
    [ "$base" = debian ] && chroot_mount "$work/rootfs"
    build_rootfs "$work/rootfs"
    if [ -n "${RECORD_PACKAGES:-}" ]; then
      # shellcheck disable=SC2086
      in_chroot "$work/rootfs" dpkg-query -W -f '${Package}=${Version} ' $RECORD_PACKAGES >"$work/packages"
    fi
    if declare -F record_versions >/dev/null; then record_versions "$work/rootfs" >>"$work/packages"; fi
    chroot_umount
    [ "$base" = debian ] && rootfs_finish "$work/rootfs"
    printf '%s\n' "$IMAGE_CONFIG" | "$PYTHON" -c 'import json,sys; json.dump(json.load(sys.stdin), open(sys.argv[1], "w"), indent=1, sort_keys=True)' "$config.tmp"
  )
  "$PYTHON" "$WRITER" layer --rootfs "$work/rootfs" --out "$layer.tmp" --epoch "$epoch" >/dev/null
  printf 'epoch=%s\nbuild_seconds=%s\nrootfs_mb=%s\nversions=%s\n' "$epoch" "$(($(date +%s) - start))" \
    "$(du -sm "$work/rootfs" | cut -f1)" "$(cat "$work/packages" 2>/dev/null | tr '\n' ' ')" >"$meta"
  mv "$config.tmp" "$config"
  mv "$layer.tmp" "$layer"
  safe_rm "$work"
  log "recipe $recipe: layer $(du -m "$layer" | cut -f1) MB in $(($(date +%s) - start)) s"
  echo "$layer $config $epoch"
}

build_ref() {
  local ref=$1 row recipe args hash out
  row=$(row_of "$ref")
  recipe=$(cut -f2 <<<"$row")
  args=$(cut -s -f3- <<<"$row" | tr '\t' ' ')
  hash=$(recipe_hash "$recipe" "$args")
  out=$IMG_CACHE/$(safe_name "$ref")-$hash.oci.tar
  if [ -s "$out" ]; then
    log "$ref: cached ($out)"
    return
  fi
  local layer config epoch
  read -r layer config epoch < <(ensure_layer "$recipe" "$args" "$hash")
  [ -n "${epoch:-}" ] || die "building recipe $recipe failed"
  "$PYTHON" "$WRITER" image --layer "$layer" --config "$config" --name "$ref" --recipe "$recipe" \
    --epoch "$epoch" --out "$out" >"$out.json.tmp"
  mv "$out.json.tmp" "$out.json"
  # Archives of this ref built from older recipes are stale: keep only the current one.
  find "$IMG_CACHE" -maxdepth 1 -name "$(safe_name "$ref")-*.oci.tar*" ! -name "$(basename "$out")*" -delete
  log "$ref: $out ($(du -m "$out" | cut -f1) MB)"
}

# Removes cache entries no row of images.tsv produces any more: archives, layers and bases built
# from older recipes (the current ones are kept; nothing else under $E2E_CACHE is touched).
prune_cache() {
  local keep=() row ref recipe args hash f base_keep=
  while IFS= read -r row; do
    ref=$(cut -f1 <<<"$row")
    recipe=$(cut -f2 <<<"$row")
    args=$(cut -s -f3- <<<"$row" | tr '\t' ' ')
    hash=$(recipe_hash "$recipe" "$args")
    keep+=("$(safe_name "$ref")-$hash.oci.tar" "$(safe_name "$ref")-$hash.oci.tar.json" "$recipe-$hash.")
    [ "$(recipe_base "$recipe")" = debian ] && base_keep=debian-$DEBIAN_SUITE-minbase-$(base_key).tar
  done < <(table_rows)
  for f in "$IMG_CACHE"/*.oci.tar "$IMG_CACHE"/*.oci.tar.json "$IMG_CACHE"/layers/* "$IMG_CACHE"/base/*.tar; do
    [ -e "$f" ] || continue
    local name k hit=
    name=$(basename "$f")
    for k in "${keep[@]}" "$base_keep"; do
      [ -n "$k" ] || continue
      case $name in "$k" | "$k"*) [[ $k == *. || $name == "$k" ]] && hit=1 ;; esac
    done
    [ -n "$hit" ] || { log "pruning stale cache entry $f"; rm -f "$f"; }
  done
}

# Mounts and work folders left by a build that crashed are removed before anything else.
clean_leftovers() {
  [ -d "$IMG_CACHE/work" ] || return 0
  local m
  awk -v d="$IMG_CACHE/work/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
    log "unmounting leftover $m"
    umount "$m" 2>/dev/null || umount -l "$m"
  done
  for m in "$IMG_CACHE"/work/*; do [ -e "$m" ] && safe_rm "$m"; done
  return 0
}

main() {
  [ $# -gt 0 ] || usage
  case $1 in
    -h | --help) usage 0 ;;
    --list) table_refs; return ;;
    --info)
      local ref p meta
      while IFS= read -r ref; do
        p=$(tar_path "$ref")
        meta=$IMG_CACHE/layers/$(basename "$p" .oci.tar | sed "s|^$(safe_name "$ref")-|$(row_of "$ref" | cut -f2)-|").meta
        if [ -s "$p" ]; then
          printf '%s\t%s MB\tbuilt in %s s\t%s\n' "$ref" "$(du -m "$p" | cut -f1)" \
            "$(sed -n 's/^build_seconds=//p' "$meta" 2>/dev/null)" "$(sed -n 's/^versions=//p' "$meta" 2>/dev/null)"
        else
          printf '%s\tnot built\n' "$ref"
        fi
      done < <(table_refs)
      return ;;
    --tar)
      [ $# -eq 2 ] || usage
      local p
      p=$(tar_path "$2")
      echo "$p"
      [ -s "$p" ] || { log "$2 is not built yet: run e2e/images/build.sh '$2'"; exit 3; }
      return ;;
  esac
  local refs=()
  if [ "$1" = --all ]; then mapfile -t refs < <(table_refs); else refs=("$@"); fi
  local r
  for r in "${refs[@]}"; do row_of "$r" >/dev/null; done
  require_linux_root
  [ -n "$PYTHON" ] || apt_install python3
  PYTHON=$(command -v python3)
  mkdir -p "$IMG_CACHE"
  exec 9>"$IMG_CACHE/.build.lock"
  flock -w 7200 9 || die "another image build holds $IMG_CACHE/.build.lock"
  clean_leftovers
  for r in "${refs[@]}"; do build_ref "$r"; done
  prune_cache
}

main "$@"
