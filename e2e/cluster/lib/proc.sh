# Starting and stopping the cluster's host processes by recorded PID (never by name).
# $PIDS/NAME.pid holds the PID and $PIDS/NAME.start its start time (field 22 of /proc/PID/stat):
# the pair names one process, so a PID the kernel has since reused is never signalled.
# $PIDS/order lists names in start order.

# start_component NAME [ENV=VALUE...] -- BINARY ARGS...: runs it in its own session, output to
# build/e2e/logs/NAME.log.
start_component() {
  local name=$1; shift
  local envs=()
  while [ "$1" != -- ]; do envs+=("$1"); shift; done; shift
  mkdir -p "$PIDS" "$LOGS"
  # setsid: a Ctrl-C in the caller's terminal must not kill the cluster half-way.
  env "${envs[@]}" setsid "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid" > "$PIDS/$name.pid"
  proc_start_time "$pid" > "$PIDS/$name.start"
  echo "$name" >> "$PIDS/order"
  log "started $name (pid $pid, log build/e2e/logs/$name.log)"
}

# The comm field may hold spaces and parentheses, so count fields after its closing ")".
proc_start_time() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}'; }

# Prints the PID when the recorded process is still running.
component_pid() {
  local name=$1 pid
  [ -f "$PIDS/$name.pid" ] || return 1
  pid=$(cat "$PIDS/$name.pid")
  [ -n "$pid" ] && [ "$(proc_start_time "$pid")" = "$(cat "$PIDS/$name.start" 2>/dev/null)" ] && echo "$pid"
}

# Running, not a zombie waiting for a parent (setsid children of an exited shell) to reap it.
alive() { local state; state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1); [ -n "$state" ] && [ "$state" != Z ]; }

# TERM, then KILL after a bounded wait.
stop_component() {
  local name=$1 pid i
  if pid=$(component_pid "$name"); then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do alive "$pid" || break; sleep 0.2; done
    if alive "$pid"; then log "$name (pid $pid) ignored TERM for 10 s; killing"; kill -KILL "$pid" 2>/dev/null || true; fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$PIDS/$name.pid" "$PIDS/$name.start"
}

# Stops every recorded component, last started first.
stop_all_components() {
  [ -f "$PIDS/order" ] || return 0
  local name
  for name in $(tac "$PIDS/order"); do stop_component "$name"; done
  rm -f "$PIDS/order"
}

# wait_until SECONDS DESCRIPTION COMMAND...: polls once a second, bounded.
wait_until() {
  local seconds=$1 what=$2 i; shift 2
  for i in $(seq 1 "$seconds"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  die "$what did not happen within ${seconds} s (see build/e2e/logs/)"
}
