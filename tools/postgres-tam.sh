#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the register tests and print its URL on stdout.
#
#   tools/postgres-tam.sh start DIR   -> initdb in DIR/data (if new), start, print the URL
#   tools/postgres-tam.sh stop DIR    -> stop the server (fast), leave DIR for the caller
#
# The server listens on a Unix socket in DIR only (no TCP port, so nothing to collide with),
# trusts local connections, and its superuser is "vbhc". PostgreSQL refuses to run as root:
# run as root, the server runs as the Debian package's user "postgres" (DIR is given to it).
# Needs the Debian package postgresql (/usr/lib/postgresql/<version>/bin). Exit 1, with the
# reason on stderr, when no server can start.
set -euo pipefail
what=${1:?start|stop}
dir=${2:?DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "không có PostgreSQL (/usr/lib/postgresql/*/bin/pg_ctl): cài gói postgresql" >&2
  exit 1
fi
as_server() {
  # from DIR (the server's user owns it): the caller's folder may be closed to that user,
  # and pg_ctl would say "could not change directory" on the way out
  if [ "$(id -u)" = 0 ]; then (cd "$dir" && runuser -u postgres -- "$@"); else "$@"; fi
}
case "$what" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_server "$bin/initdb" -D "$dir/data" -U vbhc -A trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k $dir -c listen_addresses='' -p 5432 -c fsync=off" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://vbhc@/postgres?host=$dir"
    ;;
  stop)
    as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *) echo "dùng: $0 start|stop DIR" >&2; exit 2 ;;
esac
