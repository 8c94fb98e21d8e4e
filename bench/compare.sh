#!/usr/bin/env bash
# The issue-10 benchmark in one command: two local MySQL 8.0.31 servers, the same data (a BIGINT-PK table with two
# secondary keys and a composite-PK table), the reference ceilings (INSERT ... SELECT on the target server,
# dump | client across the servers), then `bin/tablemover move --execute` of the built tarball idle and under
# 300 and 2,000 row-writes/s, each checked target = source, printed side by side and next to the issue's targets.
# Usage: bench/compare.sh            (see bench/README.md for what each figure means)
# Env:   BENCH_SKIP_BUILD=1 (reuse dist/target/tablemover-0.1.0.tar.gz), BENCH_ROWS (default 1000000: rows of the
#        BIGINT-PK table), BENCH_COMPOSITE_ROWS (default BENCH_ROWS/2), BENCH_RATES (default 0,300,2000), BENCH_REPEAT (runs per rate, default 1: median run reported),
#        BENCH_WRITER_THREADS (4), BENCH_PROBE_RATE (50), BENCH_PROBE_SECONDS (20), BENCH_PROBE_DURING_RATE (first
#        rate, or all), BENCH_WRITER_ROWS_PER_TXN (row writes per writer transaction, default 1: autocommit), BENCH_MOVE_ARGS (extra move options), BENCH_TOOL_JAVA_OPTS (the tool JVM's options, e.g. -Xmx512m),
#        BENCH_MYSQLD_FLAGS (default --innodb-buffer-pool-size=1G --innodb-redo-log-capacity=512M), BENCH_DUMP=0 (skip the dump ceiling),
#        BENCH_MOVE_TIMEOUT_SECONDS (3600), BENCH_OUT (results folder; default /tmp/tablemover-bench-<time>)
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.1.0
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -DskipTests package
fi
home=dist/target/tablemover-$version
rm -rf "$home" && tar xzf "dist/target/tablemover-$version.tar.gz" -C dist/target
home=$(cd "$home" && pwd -P)

# the dump ceiling needs a client: Debian's mariadb-client when neither it nor mysqldump is installed
if ! command -v mariadb-dump >/dev/null 2>&1 && ! command -v mysqldump >/dev/null 2>&1 \
    && [ "${BENCH_DUMP:-1}" != 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "bench: installing mariadb-client for the dump ceiling" >&2
  apt-get install -y -q mariadb-client >/dev/null 2>&1 || (apt-get update -q >/dev/null 2>&1 \
    && apt-get install -y -q mariadb-client >/dev/null 2>&1) || echo "bench: mariadb-client could not be installed" >&2
fi

out=${BENCH_OUT:-/tmp/tablemover-bench-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$out"
export BENCH_HOME=$home BENCH_OUT=$out
# the bench's own log (servers starting and stopping) goes to bench.log; its figures to stdout
status=0
java -Dfile.encoding=UTF-8 "-Dlogback.configurationFile=$home/conf/logback.xml" -cp "$home/lib/*" \
  io.tablemover.demo.bench.MoveBench 2>"$out/bench.log" | tee "$out/results.txt" || status=$?
if [ $status != 0 ]; then
  echo "bench: exit code $status; the last lines of $out/bench.log:" >&2
  tail -n 20 "$out/bench.log" >&2
fi
exit $status
