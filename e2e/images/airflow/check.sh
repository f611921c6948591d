# apache/airflow stand-in: the user and commands our manifests use, the entrypoint's behaviour,
# and (when the postgres and redis stand-ins are built) Airflow itself against them: db migrate,
# check-migrations, api-server health, scheduler / Celery worker probes. Every container runs on a
# read-only root with tmpfs /tmp and /opt/airflow/logs (our emptyDirs) and our example's airflow.cfg.
AF_TMPFS=(--mount type=tmpfs,src=tmpfs,dst=/tmp,options=rw:nosuid:nodev:mode=1777
  --mount type=tmpfs,src=tmpfs,dst=/opt/airflow/logs,options=rw:nosuid:nodev:mode=1777)
AF_ENV=(--env AIRFLOW__CORE__FERNET_KEY=kT0tR1Hh2n3YdWcGxJQyq8vA9cC4Kx0bH3mU6sZ4pFw=
  --env AIRFLOW__API__SECRET_KEY=e2e-api-secret --env AIRFLOW__API_AUTH__JWT_SECRET=e2e-jwt-secret)
AF_EP=(/usr/bin/dumb-init -- /entrypoint)

af_cfg() {
  local cfg=$CTRD_DIR/airflow.cfg
  if [ ! -f "$cfg" ]; then
    cat >"$cfg" <<'CFG'
[celery]
worker_concurrency = 2

[core]
auth_manager = airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager
dags_folder = /opt/airflow/dags
execution_api_server_url = http://127.0.0.1:8080/execution/
executor = CeleryExecutor
hostname_callable = airflow.utils.net.get_host_ip_address
load_examples = False
simple_auth_manager_passwords_file = /tmp/simple_auth_manager_passwords.json.generated
simple_auth_manager_users = admin:admin
CFG
  fi
  # kubelet writes /etc/hosts with the pod's name (hostname_callable resolves it); ctr does not.
  [ -f "$CTRD_DIR/hosts" ] || printf '127.0.0.1 localhost %s\n' "$(hostname)" >"$CTRD_DIR/hosts"
  echo "type=bind,src=$cfg,dst=/opt/airflow/airflow.cfg,options=rbind:ro"
}
af_hosts() { echo "type=bind,src=$CTRD_DIR/hosts,dst=/etc/hosts,options=rbind:ro"; }

# af_run <id> <extra ctr flags...> -- <argv...>: one container to completion; prints its output.
af_run() {
  local id=$1 flags=()
  shift
  while [ "$1" != -- ]; do flags+=("$1"); shift; done
  shift
  tctr run --rm --read-only "${AF_TMPFS[@]}" --mount "$(af_cfg)" --mount "$(af_hosts)" "${AF_ENV[@]}" "${flags[@]}" "$IMAGE_NAME" "$id" "$@" 2>&1
}
af_start() {
  local id=$1 flags=()
  shift
  while [ "$1" != -- ]; do flags+=("$1"); shift; done
  shift
  tctr run --rm --read-only "${AF_TMPFS[@]}" --mount "$(af_cfg)" --mount "$(af_hosts)" "${AF_ENV[@]}" "${flags[@]}" "$IMAGE_NAME" "$id" "$@" \
    >"$CTRD_DIR/$id.log" 2>&1 </dev/null &
  CLIENT_PID[$id]=$!
}
# wait_for <seconds> <description> <command...>: bounded poll.
wait_for() {
  local secs=$1 what=$2 i
  shift 2
  for ((i = 0; i < secs; i += 2)); do "$@" >/dev/null 2>&1 && return 0; sleep 2; done
  echo "    ($what: not within ${secs}s)"
  return 1
}

check_image() {
  local out no_check=(--env CONNECTION_CHECK_MAX_COUNT=0)
  out=$(af_run af-id "${no_check[@]}" -- "${AF_EP[@]}" bash -c 'id; echo "HOME=$HOME AIRFLOW_HOME=$AIRFLOW_HOME"; for c in airflow python celery bash install hostname; do command -v $c; done; date -u -d "-90 days" +%Y-%m-%d; pwd')
  echo "$out" | sed 's/^/    /'
  expect "user airflow uid 50000, gid 0" grep -q '^uid=50000(airflow) gid=0(root)' <<<"$out"
  expect "HOME=/home/airflow AIRFLOW_HOME=/opt/airflow" grep -q '^HOME=/home/airflow AIRFLOW_HOME=/opt/airflow$' <<<"$out"
  expect "airflow, python, celery, bash, install, hostname on PATH" test "$(grep -c '^/' <<<"$out")" -ge 7
  expect "GNU date -d works" grep -qE '^20[0-9]{2}-[0-9]{2}-[0-9]{2}$' <<<"$out"

  out=$(af_run af-version "${no_check[@]}" -- "${AF_EP[@]}" airflow version | tail -n1)
  echo "    airflow version: $out"
  expect "'airflow version' through the entrypoint prints $AIRFLOW_EXPECTED" test "$out" = "$AIRFLOW_EXPECTED"
  out=$(af_run af-version2 "${no_check[@]}" -- "${AF_EP[@]}" version | tail -n1)
  expect "a bare Airflow subcommand ('version') goes to the Airflow CLI" test "$out" = "$AIRFLOW_EXPECTED"
  out=$(af_run af-python "${no_check[@]}" -- "${AF_EP[@]}" python -c 'import airflow.providers.celery, airflow.providers.cncf.kubernetes, airflow.providers.postgres, airflow.providers.fab, statsd, psycopg2, redis, sys; print("imports ok", sys.version.split()[0])')
  echo "    $out"
  expect "python with the providers, statsd, psycopg2, redis" grep -q '^imports ok 3\.11' <<<"$out"
  out=$(af_run af-install -- install -m 0600 /etc/hostname /tmp/simple_auth_manager_passwords.json.generated && echo install-ok)
  expect "'install -m 0600 ...' as a container command on a read-only root" grep -q install-ok <<<"$out"
  out=$(af_run af-exe "${no_check[@]}" -- "${AF_EP[@]}" /usr/bin/env | grep -c '^AIRFLOW_HOME=' || true)
  expect "any other executable runs as given" test "$out" = 1
  local t0=$SECONDS
  out=$(af_run af-dbfail --env CONNECTION_CHECK_MAX_COUNT=2 --env CONNECTION_CHECK_SLEEP_TIME=1 \
    --env AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://u:p@127.0.0.1:1/x -- "${AF_EP[@]}" airflow version; echo "exit=$?")
  echo "$out" | grep -E 'entrypoint|exit=' | sed 's/^/    /'
  expect "database check retries, then gives up with exit 1" has_all "$out" 'giving up' '^exit=1$'
  expect "... and the command did not run" test "$(grep -cx "$AIRFLOW_EXPECTED" <<<"$out")" = 0
  echo "    (failing check took $((SECONDS - t0)) s)"

  # --- Airflow against the postgres and redis stand-ins (one network namespace) --------------------
  local pg_tar redis_tar
  pg_tar=$("$IMAGES_DIR/build.sh" --tar postgres:17.5 2>/dev/null) || pg_tar=
  redis_tar=$("$IMAGES_DIR/build.sh" --tar redis:7.2.7 2>/dev/null) || redis_tar=
  if [ -z "$pg_tar" ] || [ -z "$redis_tar" ]; then echo "  (postgres / redis stand-ins not built: skipping the live checks)"; return 0; fi
  tctr images import "$pg_tar" >/dev/null
  tctr images import "$redis_tar" >/dev/null
  # A fresh database per image: one migrated by a newer Airflow cannot be opened by an older one.
  local vol=$CTRD_DIR/af-pg-$AIRFLOW_EXPECTED
  mkdir -p "$vol" && chown 999:999 "$vol"
  tctr run -d --read-only --env POSTGRES_USER=airflow --env POSTGRES_DB=airflow --env POSTGRES_PASSWORD=pw \
    --env PGDATA=/var/lib/postgresql/data/pgdata --mount "type=bind,src=$vol,dst=/var/lib/postgresql/data,options=rbind:rw" \
    --mount type=tmpfs,src=tmpfs,dst=/var/run/postgresql,options=rw:mode=1777 --mount type=tmpfs,src=tmpfs,dst=/tmp,options=rw:mode=1777 \
    docker.io/library/postgres:17.5 af-pg setpriv --reuid=999 --regid=999 --clear-groups docker-entrypoint.sh postgres >/dev/null
  local net=/proc/$(task_pid af-pg)/ns/net
  tctr run -d --read-only --with-ns "network:$net" docker.io/library/redis:7.2.7 af-redis \
    setpriv --reuid=999 --regid=999 --clear-groups redis-server --requirepass rpw --save '' --appendonly no >/dev/null
  wait_for 30 "postgres ready" tctr task exec --exec-id pgr af-pg pg_isready -h 127.0.0.1 -q
  local live=(--with-ns "network:$net"
    --env AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://airflow:pw@127.0.0.1:5432/airflow
    --env AIRFLOW__CELERY__BROKER_URL=redis://:rpw@127.0.0.1:6379/0)

  t0=$SECONDS
  out=$(af_run af-migrate "${live[@]}" -- "${AF_EP[@]}" airflow db migrate; echo "exit=$?")
  echo "$out" | tail -n 2 | sed 's/^/    /'
  expect "airflow db migrate (after the entrypoint's database check) on PostgreSQL" grep -q '^exit=0$' <<<"$out"
  echo "    (db migrate: $((SECONDS - t0)) s)"
  out=$(af_run af-checkmig "${live[@]}" -- "${AF_EP[@]}" airflow db check-migrations --migration-wait-timeout=60; echo "exit=$?")
  expect "airflow db check-migrations --migration-wait-timeout=60" grep -q '^exit=0$' <<<"$out"
  out=$(af_run af-bootstrap "${live[@]}" -- python -c 'import json, secrets, ssl, urllib.request; print("stdlib ok")')
  expect "python (command, as the secret bootstrap Job runs it)" grep -q 'stdlib ok' <<<"$out"

  # api-server: health endpoint, then SIGTERM through dumb-init.
  t0=$SECONDS
  af_start af-api "${live[@]}" --env CONNECTION_CHECK_MAX_COUNT=0 -- "${AF_EP[@]}" airflow api-server
  local health='import urllib.request as u; r = u.urlopen("http://127.0.0.1:8080/api/v2/monitor/health", timeout=5); print(r.status, r.read().decode())'
  if wait_for 120 "api-server health" tctr task exec --exec-id h0 af-api python -c "$health"; then
    out=$(tctr task exec --exec-id h1 af-api python -c "$health" 2>&1)
    echo "    health ($((SECONDS - t0)) s after start): ${out:0:160}"
  else
    out=; tail -n 15 "$CTRD_DIR/af-api.log" | sed 's/^/    log: /'
  fi
  expect "api-server answers /api/v2/monitor/health with 200" grep -q '^200 ' <<<"$out"
  local pid1
  pid1=$(task_pid af-api)
  echo "    PID 1: $(tr '\0' ' ' <"/proc/$pid1/cmdline"); its child: $(tr '\0' ' ' <"/proc/$(pgrep -P "$pid1" | head -n1)/cmdline" | cut -c1-60)"
  expect "dumb-init is PID 1 and execs airflow directly (no shell between)" bash -c "grep -q dumb-init /proc/$pid1/comm && tr '\0' ' ' </proc/\$(pgrep -P $pid1 | head -n1)/cmdline | grep -q '^airflow api.server'"
  stop_task af-api SIGTERM
  echo "    api-server exit status after SIGTERM: $STOP_STATUS"
  expect "api-server stops on SIGTERM within 20 s" test "$STOP_STATUS" -lt 128

  # scheduler: the liveness probe command.
  af_start af-sched "${live[@]}" --env CONNECTION_CHECK_MAX_COUNT=0 -- "${AF_EP[@]}" airflow scheduler
  if wait_for 120 "scheduler probe" tctr task exec --exec-id s0 af-sched airflow jobs check --job-type SchedulerJob --local; then out=ok; else out=; tail -n 15 "$CTRD_DIR/af-sched.log" | sed 's/^/    log: /'; fi
  expect "scheduler probe 'airflow jobs check --job-type SchedulerJob --local' passes" test "$out" = ok
  stop_task af-sched SIGTERM
  echo "    scheduler exit status after SIGTERM: $STOP_STATUS"

  # Celery worker (DUMB_INIT_SETSID=0 as our workers run): the probe command.
  af_start af-worker "${live[@]}" --env DUMB_INIT_SETSID=0 -- "${AF_EP[@]}" airflow celery worker
  local ping='celery --app airflow.providers.celery.executors.celery_executor.app inspect ping -d celery@$(hostname)'
  if wait_for 150 "worker ping" tctr task exec --exec-id w0 af-worker sh -c "$ping"; then
    out=$(tctr task exec --exec-id w1 af-worker sh -c "$ping" 2>&1 | tr -s ' \n' ' ')
    echo "    $out"
  else
    out=; tail -n 15 "$CTRD_DIR/af-worker.log" | sed 's/^/    log: /'
  fi
  expect "worker probe 'celery ... inspect ping -d celery@\$(hostname)' passes" grep -q pong <<<"$out"
  stop_task af-worker SIGTERM
  echo "    worker exit status after SIGTERM: $STOP_STATUS"
  for id in af-redis af-pg; do
    tctr task kill -s SIGINT "$id" >/dev/null 2>&1 || true
  done
  sleep 2
  for id in af-redis af-pg; do tctr task delete -f "$id" >/dev/null 2>&1 || true; tctr container delete "$id" >/dev/null 2>&1 || true; done
}
