# redis: as our StatefulSet runs it (command redis-server with --requirepass, uid 999, read-only
# root, /data a volume); probe: redis-cli ping with REDISCLI_AUTH.
check_image() {
  local vol=$CTRD_DIR/redisdata
  mkdir -p "$vol" && chown 999:999 "$vol"
  start_ro --mount "type=bind,src=$vol,dst=/data,options=rbind:rw" -- redis-check \
    setpriv --reuid=999 --regid=999 --clear-groups redis-server --requirepass 's3cr3t' --dir /data --save '' --appendonly no
  local i out=
  for i in $(seq 1 50); do
    out=$(tctr task exec --exec-id p$i redis-check env REDISCLI_AUTH=s3cr3t sh -c 'redis-cli ping | grep -q PONG && echo probe-ok' 2>&1) && break
    sleep 0.2
  done
  echo "    probe: $out; $(tctr task exec --exec-id v redis-check redis-server --version)"
  expect "probe 'redis-cli ping | grep -q PONG' with REDISCLI_AUTH passes" grep -q probe-ok <<<"$out"
  out=$(tctr task exec --exec-id n redis-check redis-cli ping 2>&1) || true
  echo "    without password: $out"
  expect "password required" grep -q NOAUTH <<<"$out"
  expect "server runs as uid 999" grep -q 'Uid: 999' <<<"$(task_ids redis-check)"
  stop_task redis-check SIGTERM
  echo "  exit status after SIGTERM: $STOP_STATUS"
  expect "exits 0 on SIGTERM" test "$STOP_STATUS" = 0
  # The image's own entrypoint as root: drops to 999.
  start_ro --mount "type=bind,src=$vol,dst=/data,options=rbind:rw" -- redis-check2 docker-entrypoint.sh --port 6380
  sleep 1
  expect "entrypoint started as root runs redis-server as 999" grep -q 'Uid: 999' <<<"$(task_ids redis-check2)"
  stop_task redis-check2 SIGTERM
}
