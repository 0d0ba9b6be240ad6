#!/usr/bin/env bash
# Inbound throughput of contacts-service next to pgbench running the same SQL on the same machine.
#
#   contacts-service/bench/run.sh [events] [numbers] [pgbench-seconds]     (defaults 100000 2000 20)
#
# 1. The "bench"-tagged @QuarkusTest preloads <events> inbound events from <numbers> senders into a
#    topic of the in-JVM KRaft broker, then starts the service on it (production settings, a fresh
#    contacts_test schema) and measures, by the database's own clock, how many events per second it
#    applies (contact upserts + activities, one statement per polled batch, offsets committed after
#    it) and its mean batch size.
# 2. pgbench runs that very batch statement (written by the test to target/bench/inbound.sql) with
#    batches of that mean size, in a scratch schema, with as many clients as the service has
#    consumers (each with numbers of its own, as each consumer has partitions of its own), for
#    <pgbench-seconds>.
# 3. Prints both in events/s and the ratio. BENCH_JFR=1 also records a Flight Recorder profile of the
#    service's JVM to target/bench/service.jfr (`jfr print --events jdk.ExecutionSample` reads it). Loopback only; PostgreSQL at SMS_DB_HOST:SMS_DB_PORT
#    (default 127.0.0.1:5432).
set -euo pipefail

EVENTS="${1:-100000}"
NUMBERS="${2:-2000}"
SECONDS_PGBENCH="${3:-20}"
MODULE_DIR="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$MODULE_DIR/.." && pwd)"
OUT="$MODULE_DIR/target/bench"
SMS_DB_HOST="${SMS_DB_HOST:-127.0.0.1}"
SMS_DB_PORT="${SMS_DB_PORT:-5432}"
SMS_DB_USER="${SMS_DB_USER:-postgres}"
BENCH_DB="${BENCH_DB:-test}"
BENCH_SCHEMA=contacts_bench

command -v pgbench >/dev/null || { echo "pgbench is not installed (apt-get install postgresql-client)" >&2; exit 1; }
rm -rf "$OUT"
mkdir -p "$OUT"

JFR_ARGS=()
if [ -n "${BENCH_JFR:-}" ]; then
  JFR_ARGS=("-Dtest.jvm.extra=-XX:StartFlightRecording=filename=$OUT/service.jfr,settings=profile,dumponexit=true")
fi

echo "== service: applying $EVENTS preloaded inbound events from $NUMBERS numbers"
(cd "$ROOT" && mvn -o -B -q -pl contacts-service verify "${JFR_ARGS[@]}" \
  -Dgroups=bench -Dbench.excludedGroups=none -Dtest=InboundThroughputBenchTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbench.events="$EVENTS" -Dbench.numbers="$NUMBERS" \
  >"$OUT/service.log" 2>&1) || { echo "the service benchmark failed: see $OUT/service.log" >&2; exit 1; }
[ -s "$OUT/service.properties" ] || { echo "no result in $OUT/service.properties" >&2; exit 1; }
prop() { sed -n "s/^$1=//p" "$OUT/service.properties"; }
SERVICE_RATE="$(prop events_per_second)"
CLIENTS="$(prop concurrency)"
BATCH="$(prop batch_size)"

echo "== pgbench: the same batch statement, $BATCH events a transaction, $CLIENTS clients, ${SECONDS_PGBENCH}s, $NUMBERS numbers"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$SMS_DB_HOST" -p "$SMS_DB_PORT" -U "$SMS_DB_USER" -d "$BENCH_DB")
"${PSQL[@]}" -c "DROP SCHEMA IF EXISTS $BENCH_SCHEMA CASCADE; CREATE SCHEMA $BENCH_SCHEMA;"
cleanup() { "${PSQL[@]}" -c "DROP SCHEMA IF EXISTS $BENCH_SCHEMA CASCADE;" || true; }
trap cleanup EXIT
for migration in "$MODULE_DIR"/src/main/resources/db/migration/V*.sql; do
  PGOPTIONS="-c search_path=$BENCH_SCHEMA" "${PSQL[@]}" -f "$migration"
done
PGOPTIONS="-c search_path=$BENCH_SCHEMA" pgbench -n -M prepared -c "$CLIENTS" -j "$CLIENTS" \
  -T "$SECONDS_PGBENCH" -D numbers="$NUMBERS" -D batch="$BATCH" -D clients="$CLIENTS" -f "$OUT/inbound.sql" \
  -h "$SMS_DB_HOST" -p "$SMS_DB_PORT" -U "$SMS_DB_USER" "$BENCH_DB" >"$OUT/pgbench.log" 2>&1 ||
  { echo "pgbench failed: see $OUT/pgbench.log" >&2; exit 1; }
PGBENCH_TPS="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$OUT/pgbench.log" | head -n1)"
PGBENCH_RATE="$(awk -v t="$PGBENCH_TPS" -v b="$BATCH" 'BEGIN { printf "%.1f", t * b }')"

echo
printf 'service  : %10.1f events/s  (%s events, %s numbers, %s consumers, %s batches of %s on average, %ss)\n' \
  "$SERVICE_RATE" "$EVENTS" "$NUMBERS" "$CLIENTS" "$(prop batches)" "$BATCH" "$(prop seconds)"
printf 'pgbench  : %10.1f events/s  (%s tx/s of %s events, same statement, %s clients, %ss)\n' \
  "$PGBENCH_RATE" "$PGBENCH_TPS" "$BATCH" "$CLIENTS" "$SECONDS_PGBENCH"
awk -v s="$SERVICE_RATE" -v p="$PGBENCH_RATE" 'BEGIN { printf "ratio    : %10.2f  (service / pgbench)\n", s / p }'
