# pgbouncer: exactly our Deployment's command, user 65534, read-only root, config mounted at
# /etc/pgbouncer and an emptyDir at /tmp/pgbouncer (no /tmp mount).
check_image() {
  local conf=$CTRD_DIR/pgb-conf run=$CTRD_DIR/pgb-run
  mkdir -p "$conf" "$run" && chown 65534:65534 "$run"
  cat >"$conf/pgbouncer.ini" <<'INI'
[databases]
airflow = host=127.0.0.1 port=5432 dbname=airflow

[pgbouncer]
listen_addr = *
listen_port = 6432
unix_socket_dir =
auth_file = /tmp/pgbouncer/users.txt
auth_type = scram-sha-256
pool_mode = transaction
default_pool_size = 20
max_client_conn = 250
server_tls_sslmode = require
ignore_startup_parameters = extra_float_digits
server_idle_timeout = 60
INI
  tctr run --rm --read-only --env PGBOUNCER_USER=airflow --env 'PGBOUNCER_PASSWORD=p@ss"w:rd' \
    --mount "type=bind,src=$conf,dst=/etc/pgbouncer,options=rbind:ro" \
    --mount "type=bind,src=$run,dst=/tmp/pgbouncer,options=rbind:rw" \
    "$IMAGE_NAME" pgb-id id >"$CTRD_DIR/pgb-id.log" 2>&1 || true
  echo "    image user: $(cat "$CTRD_DIR/pgb-id.log")"
  expect "runs as 65534:65534 by default" grep -q 'uid=65534.*gid=65534' "$CTRD_DIR/pgb-id.log"
  tctr run -d --read-only --env PGBOUNCER_USER=airflow --env 'PGBOUNCER_PASSWORD=secret' \
    --mount "type=bind,src=$conf,dst=/etc/pgbouncer,options=rbind:ro" \
    --mount "type=bind,src=$run,dst=/tmp/pgbouncer,options=rbind:rw" \
    "$IMAGE_NAME" pgb-check sh -c 'umask 077 && printf '"'"'"%s" "%s"\n'"'"' "$PGBOUNCER_USER" "$PGBOUNCER_PASSWORD" > /tmp/pgbouncer/users.txt && exec pgbouncer /etc/pgbouncer/pgbouncer.ini' >/dev/null
  sleep 1.5
  local ids
  ids=$(task_ids pgb-check)
  echo "  task ids: $ids; users.txt: $(stat -c '%a %u' "$run/users.txt" 2>/dev/null)"
  expect "pgbouncer is PID 1's program, running as 65534" bash -c "grep -q 'Uid: 65534' <<<'$ids' && grep -q pgbouncer /proc/$(task_pid pgb-check)/comm"
  local out
  out=$(tctr task exec --exec-id v pgb-check pgbouncer --version 2>&1 | head -n1)
  echo "    $out"
  # Listening on 6432 (tcp6 or tcp): read the task's own socket table.
  expect "listens on 6432" sh -c "grep -qi ':1920 ' /proc/$(task_pid pgb-check)/net/tcp /proc/$(task_pid pgb-check)/net/tcp6"
  tctr task kill -s SIGINT pgb-check >/dev/null 2>&1 || true
  sleep 1
  tctr task delete -f pgb-check >/dev/null 2>&1 || true
  tctr container delete pgb-check >/dev/null 2>&1 || true
}
