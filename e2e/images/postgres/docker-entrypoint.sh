#!/usr/bin/env bash
# Entrypoint of the cdk8s-airflow e2e postgres stand-in (Debian's PostgreSQL). Honours the official
# image's contract:
#   POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE)  superuser password, required unless
#                                                  POSTGRES_HOST_AUTH_METHOD=trust
#   POSTGRES_USER (default postgres)               superuser created by initdb
#   POSTGRES_DB (default $POSTGRES_USER)           database created after initdb
#   PGDATA (default /var/lib/postgresql/data)      initdb runs when it holds no PG_VERSION
#   POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD (default scram-sha-256 for non-local hosts),
#   /docker-entrypoint-initdb.d/*.sh|*.sql|*.sql.gz run once after initdb.
# Runs as any uid that owns (or may create) PGDATA; started as root it drops to postgres (999).
# The server listens on all addresses; local socket and loopback connections are trusted,
# every other host authenticates with scram-sha-256.
set -Eeuo pipefail

note() { printf '%s [entrypoint] %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" "$*" >&2; }
fail() { note "error: $*"; exit 1; }

# VAR or VAR_FILE (a mounted secret), never both.
from_env_or_file() {
  local var=$1 default=${2:-} file_var="${1}_FILE" value
  if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then fail "both $var and $file_var are set"; fi
  value=$default
  if [ -n "${!var:-}" ]; then value=${!var}; elif [ -n "${!file_var:-}" ]; then value=$(<"${!file_var}"); fi
  export "$var=$value"
  unset "$file_var"
}

if [ "${1:0:1}" = - ]; then set -- postgres "$@"; fi

# Anything but the server itself (psql, bash, pg_isready, ...) runs as given.
if [ "$1" != postgres ]; then exec "$@"; fi
for arg; do
  case $arg in -'?' | --help | --describe-config | -V | --version | -C) exec "$@" ;; esac
done

export PGDATA=${PGDATA:-/var/lib/postgresql/data}

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 0700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

mkdir -p "$PGDATA" || fail "cannot create PGDATA $PGDATA as uid $(id -u) (mount a volume it can write)"
# PostgreSQL refuses group/world access to its data directory; fsGroup volume setup can add it.
if [ -O "$PGDATA" ]; then chmod 0700 "$PGDATA"; fi
mkdir -p /var/run/postgresql 2>/dev/null || true

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  from_env_or_file POSTGRES_PASSWORD
  from_env_or_file POSTGRES_USER postgres
  from_env_or_file POSTGRES_DB "$POSTGRES_USER"
  from_env_or_file POSTGRES_INITDB_ARGS
  auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != trust ]; then
    fail "PGDATA is empty and POSTGRES_PASSWORD is not set: set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust, which lets anyone connect without a password)"
  fi
  if [ -n "$(ls -A "$PGDATA" 2>/dev/null)" ]; then
    fail "PGDATA $PGDATA is not empty and holds no database (a volume's lost+found?): point PGDATA at a subdirectory"
  fi
  note "initdb: user $POSTGRES_USER, database $POSTGRES_DB, data $PGDATA"
  # shellcheck disable=SC2086
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --encoding=UTF8 --locale=C.UTF-8 $POSTGRES_INITDB_ARGS >&2
  {
    echo
    echo "# cdk8s-airflow e2e entrypoint: every other host authenticates with $auth"
    echo "host all all all $auth"
  } >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.auto.conf"

  # A private server (no TCP) for creating the database and running init scripts.
  pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" start >&2
  psql_init=(psql -v ON_ERROR_STOP=1 --no-psqlrc --host=/var/run/postgresql --username="$POSTGRES_USER" --no-password)
  if [ "$POSTGRES_DB" != postgres ]; then
    "${psql_init[@]}" --dbname=postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";' >&2
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue
    case $f in
      *.sh) note "running $f"; if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
      *.sql) note "running $f"; "${psql_init[@]}" --dbname="$POSTGRES_DB" -f "$f" >&2 ;;
      *.sql.gz) note "running $f"; gunzip -c "$f" | "${psql_init[@]}" --dbname="$POSTGRES_DB" >&2 ;;
      *) note "ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >&2
  note "initdb done; starting the server"
fi

unset POSTGRES_PASSWORD
exec "$@"
