# pg_server.sh - a throwaway PostgreSQL 15 server for the tests and the
# benchmark; sourced.  pg_start makes a cluster in a new folder and starts
# it on a Unix socket in that folder only (listen_addresses ''), as a user
# that is not root (PostgreSQL refuses root: the `postgres` user when run
# as root); pg_stop stops it and removes the folder, and runs at exit
# whatever happens (the caller's EXIT trap calls it).  Every step is bounded
# by a timeout.
#
#   . tests/cli/pg_server.sh
#   pg_bin_dir || { echo "SKIP: ..."; exit 0; }
#   pg_start || exit 1
#   pg_sql "SELECT 1"              # psql as the server's user, on the socket
#   polc eval ... --registry "$pg_uri" --table t
#   pg_stop

pg_bin_dir() {   # sets pg_bin: where initdb, pg_ctl and psql are; false when absent
  for d in "${POLC_PG_BIN:-}" /usr/lib/postgresql/15/bin "$(pg_config --bindir 2>/dev/null)"; do
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
      pg_bin=$d
      return 0
    fi
  done
  return 1
}

pg_as_user() {   # runs a command as the server's user
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  pg_dir=$(mktemp -d /tmp/polc-pg.XXXXXX) || return 1
  chmod 755 "$pg_dir"
  [ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
  pg_watchdog   # from here on, even a kill -9 of this shell leaves nothing
  pg_user=$(pg_as_user id -un)
  if ! pg_as_user timeout 120 "$pg_bin/initdb" -D "$pg_dir/data" -U "$pg_user" -A trust \
         -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1; then
    echo "pg_start: initdb failed:"; sed 's/^/  | /' "$pg_dir/initdb.log" | tail -20
    return 1
  fi
  if ! pg_as_user timeout 60 "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 50 \
         -o "-c listen_addresses= -c unix_socket_directories=$pg_dir -c port=5432 -c fsync=off" \
         start >/dev/null 2>&1; then
    echo "pg_start: the server did not start:"; sed 's/^/  | /' "$pg_dir/server.log" | tail -20
    return 1
  fi
  pg_started=1
  pg_uri="postgresql:///postgres?host=$pg_dir&port=5432&user=$pg_user"
  export PGHOST="$pg_dir" PGPORT=5432 PGUSER="$pg_user" PGDATABASE=postgres
}

# A run killed outright (ctest's timeout, kill -9) runs no EXIT trap, and
# the server, in a session of its own, would outlive it: a watchdog in its
# own session too stops the server once the shell that started it is gone.
pg_watchdog() {
  if [ "$(id -u)" = 0 ]; then as="runuser -u postgres --"; else as=""; fi
  setsid sh -c 'while kill -0 "$1" 2>/dev/null && [ -d "$2" ]; do sleep 2; done
    if [ -d "$2" ]; then
      [ -f "$2/data/postmaster.pid" ] &&
        $4 timeout 60 "$3/pg_ctl" -D "$2/data" -m immediate -w -t 50 stop >/dev/null 2>&1
      rm -rf "$2"
    fi' pg_watchdog "$$" "$pg_dir" "$pg_bin" "$as" </dev/null >/dev/null 2>&1 &
}

pg_stop() {
  if [ "${pg_started:-}" = 1 ]; then
    pg_as_user timeout 60 "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w -t 50 stop >/dev/null 2>&1 ||
      pg_as_user timeout 30 "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1
    pg_started=
  fi
  [ -n "${pg_dir:-}" ] && rm -rf "$pg_dir"
  pg_dir=
}

pg_sql() {   # pg_sql SQL: psql on the socket, quiet, stops at the first error
  timeout 120 "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -At -c "$1"
}

# A test's server: exits 77 (skipped) when PostgreSQL 15 is not installed,
# else starts it (exit 1 when it cannot) with traps that stop it and remove
# the test's $tmp (lib.sh) whatever happens.
pg_test_server() {
  if ! pg_bin_dir; then
    echo "SKIP: PostgreSQL 15 is not installed (apt-get install postgresql-15 postgresql-server-dev-15)"
    exit 77
  fi
  chmod 755 "$tmp"   # the server's user reads the test's files
  trap 'pg_stop; rm -rf "$tmp"' EXIT
  trap 'exit 1' INT TERM HUP
  pg_start || exit 1
}
