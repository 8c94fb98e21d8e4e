#!/usr/bin/env bash
# Repeatable move benchmark: builds the tarball (unless BENCH_SKIP_BUILD=1), then runs the embedded demo
# (two local MySQL 8.0.31 servers, three tables, a concurrent write load, move + cutover) for each size and
# prints its figures: rows copied, rows/s, binlog row events applied, cutover window ms, wall time.
# Usage: bench/move-throughput.sh [ROWS_PER_TABLE ...]   (default: 40000 200000)
# Env:   BENCH_WRITES_PER_SECOND (default 300); BENCH_SHARDS (default 1: a plain move; 2..16: reshard onto
#        that many shards, rows placed by the Vitess hash/xxhash vindexes)
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.1.0
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -DskipTests package
fi
home=dist/target/tablemover-$version
rm -rf "$home" && tar xzf "dist/target/tablemover-$version.tar.gz" -C dist/target
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(40000 200000)
for rows in "${sizes[@]}"; do
  out=$("$home/bin/tablemover" demo --rows-per-table "$rows" --writes-per-second "${BENCH_WRITES_PER_SECOND:-300}" --shards "${BENCH_SHARDS:-1}" 2>/dev/null)
  echo "rows/table=$rows shards=${BENCH_SHARDS:-1}: $(grep '^demo: figures:' <<<"$out" | sed 's/^demo: figures: //')"
  grep -q '^demo: OK' <<<"$out" || { echo "the demo's tables differ:"; echo "$out"; exit 1; }
done
