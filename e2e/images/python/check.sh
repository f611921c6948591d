check_image() {
  local out
  out=$(run_ro --env HOME=/tmp --env PYTHONDONTWRITEBYTECODE=1 -- py-check \
    sh -c 'id -u; python -c "import sys, ssl, sqlite3, json, venv; print(sys.version.split()[0])"; python3 -c "import os; print(os.path.expanduser(\"~\"))"; pip --version | cut -d" " -f1-2; python -m venv /tmp/v && /tmp/v/bin/python -c "print(\"venv ok\")"' 2>&1) || true
  echo "$out" | sed 's/^/    /'
  expect "python is Python 3.11" grep -q '^3\.11\.' <<<"$out"
  expect "HOME is /tmp" grep -qx '/tmp' <<<"$out"
  expect "pip present" grep -q '^pip ' <<<"$out"
  expect "venv in /tmp on a read-only root" grep -q 'venv ok' <<<"$out"
  # As our python pod template runs it: uid/gid 65532, no passwd entry.
  out=$(tctr run --rm --read-only --mount type=tmpfs,src=tmpfs,dst=/tmp,options=rw:nosuid:nodev:mode=1777 \
    --env HOME=/tmp "$IMAGE_NAME" py-check-65532 setpriv --reuid=65532 --regid=65532 --clear-groups \
    python -c 'import os, tempfile; tempfile.NamedTemporaryFile(); print("uid", os.getuid(), "ok")' 2>&1) || true
  echo "    $out"
  expect "runs as 65532 with /tmp writable" grep -q 'uid 65532 ok' <<<"$out"
}
