# git-sync: as our manifests run it (uid 65533, read-only root, HOME=/tmp, GITSYNC_* env), from a
# local repository: one-time mode (init container) and the periodic sidecar picking up a commit.
check_image() {
  local src=$CTRD_DIR/gs-src vol=$CTRD_DIR/gs-git out
  mkdir -p "$src" "$vol" && chown 65533:65533 "$vol"
  git -C "$src" init -q -b main && echo 'v1' >"$src/dag.py" && git -C "$src" add dag.py &&
    git -C "$src" -c user.email=e2e@localhost -c user.name=e2e commit -qm v1
  local gs=(--env GITSYNC_REPO=file:///src --env GITSYNC_REF=main --env GITSYNC_ROOT=/git --env GITSYNC_LINK=repo
    --env GITSYNC_DEPTH=1 --env HOME=/tmp --mount "type=bind,src=$src,dst=/src,options=rbind:ro"
    --mount "type=bind,src=$vol,dst=/git,options=rbind:rw")
  out=$(run_ro "${gs[@]}" --env GITSYNC_ONE_TIME=true -- gs-once 2>&1; echo "exit=$?")
  echo "$out" | sed 's/^/    /'
  expect "one-time sync exits 0" grep -q '^exit=0$' <<<"$out"
  expect "checkout published at /git/repo" test "$(cat "$vol/repo/dag.py" 2>/dev/null)" = v1
  expect "files owned by 65533" test "$(stat -c %u "$vol/.git")" = 65533
  start_ro "${gs[@]}" --env GITSYNC_PERIOD=1s -- gs-loop
  echo 'v2' >"$src/dag.py" && git -C "$src" -c user.email=e2e@localhost -c user.name=e2e commit -qam v2
  local i
  for i in $(seq 1 20); do [ "$(cat "$vol/repo/dag.py" 2>/dev/null)" = v2 ] && break; sleep 0.5; done
  expect "the sidecar publishes a new commit within 10 s" test "$(cat "$vol/repo/dag.py" 2>/dev/null)" = v2
  expect "runs as uid 65533" grep -q 'Uid: 65533' <<<"$(task_ids gs-loop)"
  stop_task gs-loop SIGTERM
  echo "  exit status after SIGTERM: $STOP_STATUS"
  out=$(run_ro -- gs-ssh sh -c 'id; git --version; ssh -G example.invalid | grep -E "^user "' 2>&1)
  echo "$out" | sed 's/^/    /'
  expect "ssh resolves the image user (passwd entry for 65533)" grep -q '^user git-sync' <<<"$out"
}
