# pause: runs as 65535:65535, keeps running, exits 0 on SIGTERM.
check_image() {
  start_ro -- pause-check
  sleep 0.5
  local ids
  ids=$(task_ids pause-check)
  echo "  task ids: $ids"
  expect "runs as uid 65535" grep -q 'Uid: 65535' <<<"$ids"
  expect "still running after 0.5 s" sh -c "ctr --address '$CTRD_DIR/containerd.sock' -n k8s.io task ls | grep -q 'pause-check.*RUNNING'"
  stop_task pause-check SIGTERM
  echo "  exit status after SIGTERM: $STOP_STATUS"
  expect "exits 0 on SIGTERM" test "$STOP_STATUS" = 0
}
