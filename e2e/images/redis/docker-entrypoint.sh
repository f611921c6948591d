#!/bin/sh
# Entrypoint of the cdk8s-airflow e2e redis stand-in (Debian's Redis). Like the official image:
# options or a .conf file as first argument run redis-server with them; started as root,
# redis-server drops to the redis user (999) after taking /data; anything else runs as given.
set -eu
case "${1:-}" in
  -* | *.conf) set -- redis-server "$@" ;;
esac
if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find /data \! -user redis -exec chown redis:redis '{}' + 2>/dev/null || true
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
exec "$@"
