# redis:<7.x tag> stand-in: Debian bookworm's redis-server and redis-cli (Redis 7.0), user redis
# 999:999 (the official image's ids), WORKDIR /data, and our own docker-entrypoint.sh. Our manifests
# replace the entrypoint (command: redis-server ...), so the server runs as the pod's user.
RECIPE_BASE=debian
RECORD_PACKAGES="redis-server redis-tools"
IMAGE_CONFIG='{
  "Entrypoint": ["docker-entrypoint.sh"],
  "Cmd": ["redis-server"],
  "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"],
  "ExposedPorts": {"6379/tcp": {}},
  "Volumes": {"/data": {}},
  "WorkingDir": "/data",
  "Labels": {"org.opencontainers.image.description": "cdk8s-airflow e2e stand-in: Debian bookworm Redis 7.0 (not 7.2/7.4)"}
}'

build_rootfs() {
  local root=$1
  in_chroot "$root" groupadd --system --gid 999 redis
  in_chroot "$root" useradd --system --uid 999 --gid 999 --home-dir /var/lib/redis --shell /usr/sbin/nologin redis
  chroot_apt_install "$root" redis-server redis-tools
  install -m 0755 "$RECIPE_DIR/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  mkdir -p "$root/data" && chown 999:999 "$root/data" && chmod 0755 "$root/data"
}
