#!/usr/bin/env bash
# Runs every parley-bench scenario RUNS times on SQLite and, with --postgres, on a PostgreSQL
# server started here (default durability), and prints the median of each figure the
# benchmark issue asks for. Every run's JSON line is kept in OUT (default bench-results.jsonl).
#
#   tests/bench/run-suite.sh [--build DIR] [--runs N] [--postgres] [--out FILE] [--only SCENARIO...]
#
# Takes about 10 minutes per backend with 3 runs on a 2-core machine. Needs python3 for the
# summary and, with --postgres, PostgreSQL 15 (Debian's postgresql package) and root.
set -euo pipefail

build=build
runs=3
postgres=0
out=bench-results.jsonl
only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --postgres) postgres=1; shift ;;
    --out) out=$2; shift 2 ;;
    --only) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do only+=("$1"); shift; done ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

bench=$build/tests/bench/parley-bench
parleyd=$build/server/parleyd/parleyd
[ -x "$bench" ] && [ -x "$parleyd" ] || { echo "build parley-bench and parleyd in $build first" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
: > "$out"

# name | arguments (each run starts its own daemon on fresh data)
scenarios=(
  "direct|direct --pairs 250 --messages 200 --window 8"
  "direct-paced|direct --pairs 100 --messages 100 --pace 2000"
  "connect|connect --connections 10000"
  "login|login --users 8 --requests 200 --concurrency 4"
  "resume|resume --users 8 --requests 20000 --concurrency 16"
  "group|group --members 100 --messages 200"
  "history|history"
  "faults|faults --pairs 10 --seconds 60 --rate 200 --faults both"
)

pgdir=""
cleanup() {
  if [ -n "$pgdir" ]; then
    runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$pgdir/data" -m fast -w stop >/dev/null || true
    rm -rf "$pgdir"
  fi
}
trap cleanup EXIT

backends=(sqlite)
if [ "$postgres" = 1 ]; then
  pgdir=$(mktemp -d /tmp/parley-pg-XXXXXX)
  chown postgres: "$pgdir"
  runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$pgdir/data" -A trust -U postgres -E UTF8 >/dev/null
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$pgdir/data" -l "$pgdir/server.log" -w start \
    -o "-k $pgdir -c listen_addresses='' -c max_connections=200" >/dev/null
  backends+=(postgresql)
fi

database=0
for backend in "${backends[@]}"; do
  for entry in "${scenarios[@]}"; do
    name=${entry%%|*}
    args=${entry#*|}
    if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " =~ " $name " ]]; then continue; fi
    for run in $(seq 1 "$runs"); do
      extra=()
      if [ "$backend" = postgresql ]; then
        database=$((database + 1))
        runuser -u postgres -- createdb -h "$pgdir" "suite$database"
        extra=(--database "postgresql://postgres@/suite$database?host=$pgdir")
      fi
      echo "== $backend $name run $run" >&2
      # shellcheck disable=SC2086
      line=$("$bench" $args --parleyd "$parleyd" "${extra[@]}" 2>/dev/null | grep '^{' || true)
      if [ -z "$line" ]; then
        echo "   failed" >&2
        line='{"failed_run":true}'
      fi
      echo "{\"suite_backend\":\"$backend\",\"suite_name\":\"$name\",\"suite_run\":$run,${line#\{}" >> "$out"
    done
  done
done

python3 - "$out" <<'EOF'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
figures = {
    "direct": [("delivered_per_second", "delivered msg/s"), ("daemon_cpu_seconds_per_10k", "daemon CPU-s per 10k"),
               ("receive_p50_ms", "send→receive p50 ms"), ("receive_p99_ms", "send→receive p99 ms")],
    "direct-paced": [("receive_p50_ms", "send→receive p50 ms"), ("receive_p95_ms", "p95 ms"),
                     ("receive_p99_ms", "p99 ms"), ("receive_max_ms", "max ms"),
                     ("daemon_cpu_seconds_per_10k", "daemon CPU-s per 10k")],
    "connect": [("connections", "connections held"), ("failed", "failed"), ("rss_per_connection_kib", "KiB per connection")],
    "login": [("per_second", "logins/s"), ("latency_p50_ms", "p50 ms"), ("latency_p99_ms", "p99 ms")],
    "resume": [("per_second", "resumes/s"), ("latency_p50_ms", "p50 ms"), ("latency_p99_ms", "p99 ms")],
    "group": [("last_member_p50_ms", "to the last member p50 ms"), ("last_member_p99_ms", "p99 ms")],
    "history": [("newest_p50_ms", "newest page p50 ms"), ("newest_daemon_mean_ms", "daemon mean ms"),
                ("random_p50_ms", "random page p50 ms"), ("walk_p50_ms", "walking back p50 ms"),
                ("list_p50_ms", "conversations.list p50 ms"), ("list_daemon_mean_ms", "list daemon mean ms")],
    "faults": [("acknowledged", "acknowledged"), ("lost", "lost"), ("duplicated", "duplicated"), ("seq_gaps", "seq gaps")],
}
print("| backend | scenario | figure | median | runs |")
print("|---|---|---|---|---|")
for backend in ("sqlite", "postgresql"):
    for name, wanted in figures.items():
        mine = [r for r in rows if r["suite_backend"] == backend and r["suite_name"] == name]
        if not mine:
            continue
        for key, label in wanted:
            values = [r[key] for r in mine if key in r]
            if not values:
                print(f"| {backend} | {name} | {label} | missing | {len(mine)} runs, {sum('failed_run' in r for r in mine)} failed |")
                continue
            number = lambda v: f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}"
            shown = ", ".join(number(v) for v in values)
            print(f"| {backend} | {name} | {label} | {number(statistics.median(values))} | {shown} |")
EOF
