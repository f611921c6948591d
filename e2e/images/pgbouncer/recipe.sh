# apache/airflow:airflow-pgbouncer-* stand-in: Debian bookworm's pgbouncer (1.18), running as
# nobody (65534:65534). Our Deployment replaces the command (sh -c '... exec pgbouncer
# /etc/pgbouncer/pgbouncer.ini') and mounts the config over /etc/pgbouncer.
RECIPE_BASE=debian
RECORD_PACKAGES="pgbouncer"
IMAGE_CONFIG='{
  "Entrypoint": ["/usr/bin/dumb-init", "--"],
  "Cmd": ["pgbouncer", "/etc/pgbouncer/pgbouncer.ini"],
  "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"],
  "ExposedPorts": {"6432/tcp": {}},
  "User": "65534:65534",
  "WorkingDir": "/",
  "Labels": {"org.opencontainers.image.description": "cdk8s-airflow e2e stand-in: Debian bookworm pgbouncer 1.18 (not 1.23.1)"}
}'

build_rootfs() {
  local root=$1
  chroot_apt_install "$root" pgbouncer dumb-init
  # No Debian service config: the pod mounts its own /etc/pgbouncer.
  rm -f "$root/etc/pgbouncer/"*.ini "$root/etc/pgbouncer/userlist.txt"
}
