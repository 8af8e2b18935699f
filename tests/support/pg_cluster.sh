#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl from Debian's
# `postgresql` package, in a temporary directory, on 127.0.0.1 with a free
# port, as an unprivileged user (`nobody` when run as root, since the server
# refuses to run as root; the calling user otherwise).
#
#   tests/support/pg_cluster.sh start STATE_DIR   start a fresh cluster; writes
#                                                 STATE_DIR/url (the database
#                                                 URL) and STATE_DIR/datadir
#   tests/support/pg_cluster.sh stop STATE_DIR    stop it and remove its files
#
# `start` stops a cluster an earlier run left behind in STATE_DIR first, so it
# can be run any number of times. It fails (exit 1, with the server's log)
# when the cluster cannot start: tests on PostgreSQL never skip silently.
# SIGAP_PG_FSYNC=on keeps fsync on (benchmarks); tests run without it.
set -euo pipefail

action="${1:-}"
state="${2:-}"
if [[ -z "$action" || -z "$state" ]]; then
  echo "usage: $0 start|stop STATE_DIR" >&2
  exit 2
fi

bindir=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do bindir="$d"; done
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "pg_cluster: no PostgreSQL server found in /usr/lib/postgresql/*/bin" \
    "(install Debian's postgresql: scripts/setup --test)" >&2
  exit 1
fi

# Runs a command as the cluster's owner.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

stop_cluster() {
  [[ -f "$state/datadir" ]] || return 0
  local datadir
  datadir="$(cat "$state/datadir")"
  if [[ -d "$datadir/data" ]]; then
    as_owner "$bindir/pg_ctl" -D "$datadir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  case "$datadir" in
    /tmp/sigap-pg-*) rm -rf "$datadir" ;;
  esac
  rm -f "$state/datadir" "$state/url"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' \
    2>/dev/null || echo $((20000 + RANDOM % 20000))
}

case "$action" in
  stop)
    stop_cluster
    ;;
  start)
    mkdir -p "$state"
    stop_cluster
    datadir="$(mktemp -d /tmp/sigap-pg-XXXXXX)"
    echo "$datadir" >"$state/datadir"
    chmod 755 "$datadir"
    [[ $(id -u) -eq 0 ]] && chown nobody:nogroup "$datadir"
    if ! as_owner "$bindir/initdb" -D "$datadir/data" -U sigap --auth=trust -E UTF8 \
      --locale=C.UTF-8 -N >"$datadir/initdb.log" 2>&1; then
      cat "$datadir/initdb.log" >&2
      echo "pg_cluster: initdb failed" >&2
      exit 1
    fi
    fsync="off"
    [[ "${SIGAP_PG_FSYNC:-}" == "on" ]] && fsync="on"
    started=""
    for _ in 1 2 3 4 5; do
      port="$(free_port)"
      if as_owner "$bindir/pg_ctl" -D "$datadir/data" -l "$datadir/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $datadir -c max_connections=400 -c fsync=$fsync" \
        start >/dev/null 2>&1; then
        started="$port"
        break
      fi
    done
    if [[ -z "$started" ]]; then
      cat "$datadir/server.log" >&2 || true
      echo "pg_cluster: the server did not start" >&2
      exit 1
    fi
    if ! "$bindir/psql" -q -h 127.0.0.1 -p "$started" -U sigap -d postgres \
      -c "CREATE DATABASE sigap_test" >/dev/null; then
      echo "pg_cluster: could not create the test database" >&2
      exit 1
    fi
    echo "postgresql://sigap@127.0.0.1:$started/sigap_test" >"$state/url"
    echo "pg_cluster: $(cat "$state/url") (data in $datadir)"
    ;;
  *)
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
    ;;
esac
