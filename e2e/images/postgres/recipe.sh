# postgres:<17 tag> stand-in: Debian bookworm's PostgreSQL 15 server and client, user postgres
# 999:999 (the official image's ids), and our own docker-entrypoint.sh with the official image's
# POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB / PGDATA contract.
RECIPE_BASE=debian
PG_MAJOR=15
RECORD_PACKAGES="postgresql-$PG_MAJOR postgresql-client-$PG_MAJOR"
IMAGE_CONFIG='{
  "Entrypoint": ["docker-entrypoint.sh"],
  "Cmd": ["postgres"],
  "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/lib/postgresql/15/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "LANG=C.UTF-8", "PG_MAJOR=15", "PGDATA=/var/lib/postgresql/data"],
  "ExposedPorts": {"5432/tcp": {}},
  "StopSignal": "SIGINT",
  "Volumes": {"/var/lib/postgresql/data": {}},
  "WorkingDir": "/",
  "Labels": {"org.opencontainers.image.description": "cdk8s-airflow e2e stand-in: Debian bookworm PostgreSQL 15 (not 17)"}
}'

build_rootfs() {
  local root=$1
  # The official image's ids, created before the packages so they reuse them.
  in_chroot "$root" groupadd --system --gid 999 postgres
  in_chroot "$root" useradd --system --uid 999 --gid 999 --home-dir /var/lib/postgresql --shell /bin/bash postgres
  # No Debian-style cluster (/etc/postgresql/15/main): the entrypoint runs initdb on PGDATA.
  mkdir -p "$root/etc/postgresql-common/createcluster.d"
  echo "create_main_cluster = false" >"$root/etc/postgresql-common/createcluster.d/no-main-cluster.conf"
  chroot_apt_install "$root" "postgresql-$PG_MAJOR" "postgresql-client-$PG_MAJOR"
  # ssl-cert's generated snakeoil key pair: unused (no ssl in our initdb) and different per build.
  rm -f "$root/etc/ssl/private/ssl-cert-snakeoil.key" "$root/etc/ssl/certs/ssl-cert-snakeoil.pem"
  install -m 0755 "$RECIPE_DIR/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  mkdir -p "$root/docker-entrypoint-initdb.d" "$root/var/lib/postgresql/data" "$root/var/run/postgresql"
  chown 999:999 "$root/var/lib/postgresql" "$root/var/lib/postgresql/data"
  chmod 1777 "$root/var/lib/postgresql/data"
  chown 999:999 "$root/var/run/postgresql" && chmod 3777 "$root/var/run/postgresql"
}
