#!/usr/bin/env bash
# One node vs two nodes on the same PostgreSQL (issue 7), both behind nginx
# on loopback: durable intake (POST /api/v1/cases, bench/intake.lua) and
# reads (GET /api/v1/cases/{code}, bench/read.lua), wrk -t2 -c64.
#
#   bench/pg_nodes.sh SIGAP_BINARY POSTGRES_URL [SECONDS]
#
# POSTGRES_URL is a database the script may create a schema in (e.g. the
# cluster of `SIGAP_PG_FSYNC=on tests/support/pg_cluster.sh start DIR`,
# fsync on). The demo is loaded into SQLite, copied with `sigap copy`, and
# every node runs with SIGAP_SERVER_ACCESS_LOG=false.
set -euo pipefail

sigap="$1"
url="$2"
seconds="${3:-10}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d /tmp/sigap-pg-nodes-XXXXXX)"
schema="nodes_$$"
db="${url}?options=-csearch_path%3D${schema}"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q "$url" -c "DROP SCHEMA IF EXISTS ${schema} CASCADE" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql -q "$url" -c "CREATE SCHEMA ${schema}" >/dev/null
"$sigap" migrate --db "$work/demo.db" >/dev/null
"$sigap" demo --db "$work/demo.db" >/dev/null
"$sigap" copy --from "sqlite:$work/demo.db" --to "$db" >/dev/null

# Request bodies: the demo's drainage service in one kelurahan, varied text.
python3 - "$work/bodies.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as out:
    for i in range(5000):
        out.write(json.dumps({
            "kind": "complaint", "service_code": "PU-DRAINASE",
            "title": f"Saluran tersumbat di gang {i}",
            "description": "Saluran di depan rumah nomor %d tersumbat sampah sejak seminggu, "
                           "air meluap ke jalan setiap hujan." % i,
            "location": {"lat": -6.9932, "lng": 110.4203, "region_code": "33.74.01.1001"},
            "reporter": {"name": "Warga %d" % i, "phone": "0812%08d" % i}}) + "\n")
EOF

start_node() {  # port
  SIGAP_SERVER_ACCESS_LOG=false SIGAP_LOG_LEVEL=warn "$sigap" serve --db "$db" \
    --listen "127.0.0.1:$1" >"$work/node-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "node on $1 did not start" >&2
  cat "$work/node-$1.log" >&2
  exit 1
}

start_nginx() {  # port upstream-ports...
  local port="$1"
  shift
  local conf="$work/nginx-$port.conf"
  {
    echo "daemon off; master_process off; worker_processes 1; error_log $work/nginx.err;"
    echo "pid $work/nginx-$port.pid; events { worker_connections 4096; }"
    echo "http { access_log off;"
    for t in client_body proxy fastcgi uwsgi scgi; do echo "${t}_temp_path $work/$t;"; done
    echo "upstream sigap { keepalive 64;"
    for u in "$@"; do echo "  server 127.0.0.1:$u;"; done
    echo "}"
    echo "server { listen 127.0.0.1:$port; keepalive_requests 1000000;"
    echo "  location / { proxy_pass http://sigap; proxy_http_version 1.1;"
    echo "    proxy_set_header Connection \"\"; } } }"
  } >"$conf"
  nginx -e "$work/nginx.err" -p "$work/" -c "$conf" &
  pids+=($!)
  for _ in $(seq 50); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "nginx did not start" >&2
  exit 1
}

run() {  # label port
  echo "== $1: intake"
  SIGAP_INTAKE_BODIES="$work/bodies.jsonl" wrk -t2 -c64 -d"${seconds}s" --latency \
    -s "$here/intake.lua" "http://127.0.0.1:$2" | grep -E "Requests/sec|50%|99%|201|not 201"
  psql -At "$db" -c "SELECT tracking_code FROM cases WHERE confidential = 0 LIMIT 20000" \
    >"$work/codes.txt"
  echo "== $1: reads ($(wc -l <"$work/codes.txt") codes)"
  SIGAP_READ_CODES="$work/codes.txt" wrk -t2 -c64 -d"${seconds}s" --latency \
    -s "$here/read.lua" "http://127.0.0.1:$2" | grep -E "Requests/sec|50%|99%|not 200"
}

start_node 18101
start_nginx 18100 18101
run "one node behind nginx" 18100
start_node 18102
start_nginx 18200 18101 18102
run "two nodes behind nginx" 18200
echo "cases stored: $(psql -At "$db" -c 'SELECT count(*) FROM cases')"
"$sigap" audit verify --db "$db" | tail -1
