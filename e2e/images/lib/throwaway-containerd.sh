# A private containerd for checking image archives: its own root, state and socket under a folder
# this script creates, the CRI plugin off, runc as the runtime. Started in the background; stopped
# by its recorded PID (never by name). Sourced by verify.sh after e2e/lib/common.sh.

CTRD_DIR=
CTRD_PID=

ctrd_start() {
  CTRD_DIR=$(mktemp -d /tmp/cdk8s-airflow-ctrd.XXXXXX)
  mkdir -p "$CTRD_DIR/root" "$CTRD_DIR/state"
  cat >"$CTRD_DIR/config.toml" <<TOML
version = 2
root = "$CTRD_DIR/root"
state = "$CTRD_DIR/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$CTRD_DIR/containerd.sock"
[ttrpc]
  address = "$CTRD_DIR/containerd.sock.ttrpc"
[debug]
  address = "$CTRD_DIR/debug.sock"
TOML
  containerd --config "$CTRD_DIR/config.toml" >"$CTRD_DIR/containerd.log" 2>&1 &
  CTRD_PID=$!
  echo "$CTRD_PID" >"$CTRD_DIR/containerd.pid"
  local i
  for i in $(seq 1 50); do
    ctr --address "$CTRD_DIR/containerd.sock" version >/dev/null 2>&1 && { log "throwaway containerd pid $CTRD_PID at $CTRD_DIR"; return 0; }
    kill -0 "$CTRD_PID" 2>/dev/null || break
    sleep 0.2
  done
  tail -n 20 "$CTRD_DIR/containerd.log" >&2
  die "throwaway containerd did not start (log: $CTRD_DIR/containerd.log)"
}

# ctr against the throwaway daemon, in kubelet's namespace.
tctr() { ctr --address "$CTRD_DIR/containerd.sock" --namespace k8s.io "$@"; }

ctrd_stop() {
  [ -n "$CTRD_DIR" ] || return 0
  local id
  if [ -n "$CTRD_PID" ] && kill -0 "$CTRD_PID" 2>/dev/null; then
    for id in $(tctr task ls -q 2>/dev/null); do tctr task kill -s SIGKILL "$id" >/dev/null 2>&1 || true; done
    sleep 0.5
    for id in $(tctr task ls -q 2>/dev/null); do tctr task delete -f "$id" >/dev/null 2>&1 || true; done
    for id in $(tctr container ls -q 2>/dev/null); do tctr container delete "$id" >/dev/null 2>&1 || true; done
    kill "$CTRD_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 50); do kill -0 "$CTRD_PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$CTRD_PID" 2>/dev/null && kill -9 "$CTRD_PID"
  fi
  # Snapshot mounts and shim leftovers under the private root.
  awk -v d="$CTRD_DIR/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
  if [ -z "${KEEP_CTRD:-}" ]; then rm -rf --one-file-system "$CTRD_DIR"; else log "kept $CTRD_DIR"; fi
  CTRD_DIR= CTRD_PID=
}
