#!/usr/bin/env bash
# Imports built image archives into a throwaway containerd and runs each image's checks
# (e2e/images/<recipe>/check.sh: its entrypoint, user and the commands our manifests call).
#
#   e2e/images/verify.sh <image-ref>...   check these (they must be built: build.sh <ref>)
#   e2e/images/verify.sh --all            check every built ref of images.tsv
# KEEP_CTRD=1 keeps the daemon's folder for inspection. Exit status: number of failed refs.
set -euo pipefail
IMAGES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
. "$IMAGES_DIR/../lib/common.sh"
# shellcheck source=lib/throwaway-containerd.sh
. "$IMAGES_DIR/lib/throwaway-containerd.sh"
require_linux_root
command -v containerd >/dev/null && command -v runc >/dev/null && command -v ctr >/dev/null || {
  # shellcheck source=lib/rootfs.sh
  . "$IMAGES_DIR/lib/rootfs.sh"
  apt_install containerd runc
}

# ---- helpers for check.sh files --------------------------------------------------------------------
# A container's task: its host PID, and the uid/gid lines of its status.
task_pid() { tctr task ls | awk -v id="$1" '$1 == id { print $2 }'; }
task_ids() { local pid; pid=$(task_pid "$1"); awk '/^(Uid|Gid):/ { print $1, $2 }' "/proc/$pid/status" | tr '\n' ' '; }
# Runs the image to completion on a read-only root with a tmpfs /tmp, like our pods; extra ctr run
# flags first, then --, the container id, and the command (empty: the image's own).
run_ro() {
  local flags=()
  while [ "$1" != -- ]; do flags+=("$1"); shift; done
  shift
  local id=$1
  shift
  tctr run --rm --read-only --mount type=tmpfs,src=tmpfs,dst=/tmp,options=rw:nosuid:nodev:mode=1777 \
    --mount "$(hosts_mount)" "${flags[@]}" "$IMAGE_NAME" "$id" "$@"
}
# kubelet gives every container an /etc/hosts naming the pod (Java, Airflow resolve their own host
# name); ctr does not, so the checks mount one naming this host's name, which containers inherit.
hosts_mount() {
  [ -f "$CTRD_DIR/hosts" ] || printf '127.0.0.1 localhost %s\n' "$(hostname)" >"$CTRD_DIR/hosts"
  echo "type=bind,src=$CTRD_DIR/hosts,dst=/etc/hosts,options=rbind:ro"
}
# Same, in the background (a server): the ctr client stays attached, so its exit status is the
# task's. The client's PID is recorded in CLIENT_PID[<id>]; stop it with stop_task.
declare -A CLIENT_PID=()
start_ro() {
  local flags=()
  while [ "$1" != -- ]; do flags+=("$1"); shift; done
  shift
  local id=$1 i
  shift
  tctr run --rm --read-only --mount type=tmpfs,src=tmpfs,dst=/tmp,options=rw:nosuid:nodev:mode=1777 \
    --mount "$(hosts_mount)" "${flags[@]}" "$IMAGE_NAME" "$id" "$@" >"$CTRD_DIR/$id.log" 2>&1 </dev/null &
  CLIENT_PID[$id]=$!
  for i in $(seq 1 50); do [ -n "$(task_pid "$id")" ] && return 0; sleep 0.1; done
  cat "$CTRD_DIR/$id.log" >&2
  return 1
}
# Sends a signal, waits (bounded: 20 s, then SIGKILL) for the task to end; sets STOP_STATUS to
# its exit status. Call it directly, not in $(...): the ctr client is a child of this shell.
stop_task() {
  local id=$1 sig=${2:-SIGTERM} i pid=${CLIENT_PID[$1]}
  tctr task kill -s "$sig" "$id" >/dev/null 2>&1 || true
  for i in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "  (still running 20 s after $sig: SIGKILL)" >&2
    tctr task kill -s SIGKILL "$id" >/dev/null 2>&1 || true
  fi
  STOP_STATUS=0
  wait "$pid" || STOP_STATUS=$?
}
# A running task's log so far.
task_log() { cat "$CTRD_DIR/$1.log"; }
# has_all <text> <regex>...: every regex matches some line of text.
has_all() {
  local text=$1 re
  shift
  for re; do grep -qE -- "$re" <<<"$text" || return 1; done
}
expect() { # expect <description> <command...>: prints PASS/FAIL, counts failures
  local what=$1
  shift
  if "$@"; then echo "  PASS $what"; else echo "  FAIL $what"; CHECK_FAILED=$((CHECK_FAILED + 1)); fi
}

# ---- main ----------------------------------------------------------------------------------------
refs=()
if [ "${1:-}" = --all ]; then
  while read -r r; do "$IMAGES_DIR/build.sh" --tar "$r" >/dev/null 2>&1 && refs+=("$r"); done < <("$IMAGES_DIR/build.sh" --list)
else
  refs=("$@")
fi
[ ${#refs[@]} -gt 0 ] || { echo "usage: $0 <image-ref>... | --all" >&2; exit 2; }

trap ctrd_stop EXIT
ctrd_start
failed=0
for ref in "${refs[@]}"; do
  tar=$("$IMAGES_DIR/build.sh" --tar "$ref") || die "$ref is not built: run e2e/images/build.sh '$ref'"
  recipe=$(grep -v '^#' "$IMAGES_DIR/images.tsv" | awk -F'\t' -v r="$ref" '$1 == r { print $2; exit }')
  IMAGE_NAME=$(python3 "$IMAGES_DIR/lib/oci_image.py" normalize "$ref")
  AIRFLOW_EXPECTED=${ref##*:}
  echo "== $ref ($(basename "$tar"), $(du -m "$tar" | cut -f1) MB)"
  CHECK_FAILED=0
  start=$(date +%s)
  tctr images import "$tar" >/dev/null
  expect "ctr images import names it $IMAGE_NAME" sh -c "ctr --address '$CTRD_DIR/containerd.sock' -n k8s.io images ls -q | grep -qxF '$IMAGE_NAME'"
  if [ -f "$IMAGES_DIR/$recipe/check.sh" ]; then
    # shellcheck disable=SC1090
    . "$IMAGES_DIR/$recipe/check.sh"
    check_image || CHECK_FAILED=$((CHECK_FAILED + 1))
  fi
  echo "  ($(($(date +%s) - start)) s)"
  [ "$CHECK_FAILED" -eq 0 ] || failed=$((failed + 1))
done
echo "images as ctr lists them:"
tctr images ls | awk 'NR == 1 || /^[a-z]/ { print $1, $4, $5 }' | column -t
echo "verify: ${#refs[@]} image(s), $failed failed"
exit "$failed"
