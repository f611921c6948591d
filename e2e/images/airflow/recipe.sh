# apache/airflow:<version> stand-in: Debian bookworm's python3 (3.11) with a virtualenv holding
# apache-airflow and the providers our examples use, installed from PyPI exactly as pinned (with
# hashes) in requirements-<version>.txt. The official image's contract our manifests rely on:
# user airflow 50000:0, HOME=/home/airflow, AIRFLOW_HOME=/opt/airflow, airflow / python / celery /
# bash / GNU coreutils on PATH, dumb-init as PID 1, /entrypoint (our own) with the database check.
RECIPE_BASE=debian
: "${AIRFLOW_VERSION:?images.tsv must give AIRFLOW_VERSION=<version> for the airflow recipe}"
VENV=/opt/airflow-venv
RECORD_PACKAGES="python3.11 dumb-init"
IMAGE_CONFIG='{
  "Entrypoint": ["/usr/bin/dumb-init", "--", "/entrypoint"],
  "Cmd": [],
  "Env": ["PATH=/opt/airflow-venv/bin:/home/airflow/.local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "PYTHONUNBUFFERED=1",
          "AIRFLOW_HOME=/opt/airflow", "AIRFLOW_USER_HOME_DIR=/home/airflow", "AIRFLOW_UID=50000",
          "AIRFLOW_VERSION='"$AIRFLOW_VERSION"'", "HOME=/home/airflow", "DUMB_INIT_SETSID=1"],
  "ExposedPorts": {"8080/tcp": {}},
  "User": "50000",
  "WorkingDir": "/opt/airflow",
  "Labels": {"org.opencontainers.image.description": "cdk8s-airflow e2e stand-in: apache-airflow '"$AIRFLOW_VERSION"' from PyPI on Debian bookworm python3 3.11"}
}'

build_rootfs() {
  local root=$1 lock=$RECIPE_DIR/requirements-$AIRFLOW_VERSION.txt
  [ -f "$lock" ] || die "no lock $lock: run e2e/images/airflow/lock.sh $AIRFLOW_VERSION and commit it"
  chroot_apt_install "$root" python3 python3-venv dumb-init procps
  # The official image's user: uid 50000, primary group root (0), home /home/airflow.
  in_chroot "$root" useradd --uid 50000 --gid 0 --home-dir /home/airflow --create-home --shell /bin/bash airflow
  install -d -m 0775 -o 50000 -g 0 "$root/opt/airflow" "$root/opt/airflow/dags" "$root/opt/airflow/logs" "$root/opt/airflow/plugins"
  chmod 0775 "$root/home/airflow"
  ln -sf /usr/bin/python3 "$root/usr/local/bin/python"

  in_chroot "$root" python3 -m venv "$VENV"
  chroot_pip_download "$root" "$lock"
  cp "$lock" "$root/tmp/requirements.txt"
  local pip_env
  mapfile -t pip_env < <(chroot_pip_env "$root")
  log "pip install --no-index --require-hashes --no-deps -r requirements-$AIRFLOW_VERSION.txt (into $VENV)"
  in_chroot "$root" env "${pip_env[@]}" "$VENV/bin/pip" install --quiet --no-index --find-links "$CHROOT_WHEELHOUSE" \
    --require-hashes --no-deps --only-binary=:all: -r /tmp/requirements.txt >>"$BUILD_LOG" 2>&1 ||
    { tail -n 30 "$BUILD_LOG" >&2; die "pip install of the Airflow lock failed (log: $BUILD_LOG)"; }
  in_chroot "$root" env "${pip_env[@]}" "$VENV/bin/pip" check >>"$BUILD_LOG" 2>&1 ||
    { tail -n 20 "$BUILD_LOG" >&2; die "pip check: the lock is not consistent"; }
  # Byte code that stays valid whatever the files' mtimes (the layer clamps them): no recompiling,
  # and no attempt to write __pycache__ on the read-only root at run time.
  in_chroot "$root" "$VENV/bin/python" -m compileall -q -f -j 2 --invalidation-mode unchecked-hash \
    "$VENV/lib/python3.11/site-packages" >>"$BUILD_LOG" 2>&1 || true
  # Byte code of console scripts is never imported (and records the script's mtime).
  rm -rf "${root:?}$VENV/bin/__pycache__"
  install -m 0755 "$RECIPE_DIR/entrypoint" "$root/entrypoint"
  install -m 0755 "$RECIPE_DIR/clean-logs" "$root/clean-logs"
}

record_versions() {
  local root=$1
  in_chroot "$root" "$VENV/bin/python" -c '
import importlib.metadata as m, sys
names = ["apache-airflow", "apache-airflow-core", "apache-airflow-task-sdk", "apache-airflow-providers-celery",
         "apache-airflow-providers-cncf-kubernetes", "apache-airflow-providers-postgres",
         "apache-airflow-providers-fab", "celery", "statsd", "psycopg2-binary", "redis"]
print("python=%d.%d.%d" % sys.version_info[:3], *("%s=%s" % (n, m.version(n)) for n in names))'
}
