# postgres: as our StatefulSet runs it (uid/gid 999, read-only root, PGDATA a subdir of a volume,
# emptyDirs at /var/run/postgresql and /tmp): initdb, scram-sha-256 over TCP, pg_isready, SIGINT.
check_image() {
  local vol=$CTRD_DIR/pgvol run=$CTRD_DIR/pgrun
  mkdir -p "$vol" "$run" && chown 0:999 "$vol" && chmod 2775 "$vol" && chown 999:999 "$run"
  # A throwaway uid-999 start needs a user in the image: the image config has none, so start as
  # root and let our setpriv wrapper drop; the check below then asserts the server's uid.
  start_ro --env POSTGRES_USER=airflow --env POSTGRES_DB=airflow --env 'POSTGRES_PASSWORD=p@ss:w/rd%#?' \
    --env PGDATA=/var/lib/postgresql/data/pgdata \
    --mount "type=bind,src=$vol,dst=/var/lib/postgresql/data,options=rbind:rw" \
    --mount "type=bind,src=$run,dst=/var/run/postgresql,options=rbind:rw" -- pg-check \
    setpriv --reuid=999 --regid=999 --clear-groups docker-entrypoint.sh postgres
  local i ready=
  for i in $(seq 1 60); do
    if tctr task exec --exec-id ready$i pg-check pg_isready --host=127.0.0.1 --port=5432 --username=airflow --dbname=airflow >/dev/null 2>&1; then ready=1; break; fi
    sleep 0.5
  done
  task_log pg-check | tail -n 5 | sed 's/^/    log: /'
  expect "pg_isready (our probe's command) answers" test -n "$ready"
  echo "  task ids: $(task_ids pg-check)"
  expect "server runs as uid 999" grep -q 'Uid: 999' <<<"$(task_ids pg-check)"
  local out
  out=$(tctr task exec --exec-id q1 pg-check env 'PGPASSWORD=p@ss:w/rd%#?' \
    psql "host=127.0.0.2 port=5432 user=airflow dbname=airflow" -tAc "select current_user, current_database(), version(); show password_encryption; show listen_addresses" 2>&1) || true
  echo "$out" | sed 's/^/    /'
  expect "password login over TCP to database airflow" grep -q '^airflow|airflow|PostgreSQL 15' <<<"$out"
  # Loopback is trusted (as upstream); the rule for every other host and the stored verifier:
  out=$(tctr task exec --exec-id q2 pg-check psql -h /var/run/postgresql -U airflow -d airflow -tA \
    -c "select type, address, auth_method from pg_hba_file_rules where address = 'all'" \
    -c "select left(rolpassword, 14) from pg_authid where rolname = 'airflow'" 2>&1) || true
  echo "$out" | sed 's/^/    /'
  expect "non-local hosts use scram-sha-256" grep -qx 'host|all|scram-sha-256' <<<"$out"
  expect "password stored as a SCRAM verifier" grep -qx 'SCRAM-SHA-256\$' <<<"$out"
  expect "PGDATA is 0700 and owned by 999" test "$(stat -c '%a %u' "$vol/pgdata")" = "700 999"
  stop_task pg-check SIGINT
  echo "  exit status after SIGINT: $STOP_STATUS"
  expect "fast shutdown on SIGINT exits 0" test "$STOP_STATUS" = 0
  # A second start on the same PGDATA keeps the data and skips initdb.
  start_ro --env PGDATA=/var/lib/postgresql/data/pgdata \
    --mount "type=bind,src=$vol,dst=/var/lib/postgresql/data,options=rbind:rw" \
    --mount "type=bind,src=$run,dst=/var/run/postgresql,options=rbind:rw" -- pg-check2 \
    setpriv --reuid=999 --regid=999 --clear-groups docker-entrypoint.sh postgres
  ready=
  for i in $(seq 1 60); do
    if tctr task exec --exec-id r$i pg-check2 pg_isready -h 127.0.0.1 -q; then ready=1; break; fi
    sleep 0.5
  done
  expect "restart on existing PGDATA (no POSTGRES_PASSWORD needed)" test -n "$ready"
  stop_task pg-check2 SIGINT
}
