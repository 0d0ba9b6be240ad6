#!/usr/bin/env bash
# Throughput of the gateway's consumers from a preloaded topic, one topic at a time.
#
#   sms-gateway-service/bench/consumers.sh [messages=20000] [texts=60000] [numbers=2000]
#
# For each of sms.status.v1 and sms.inbound.v1, the "bench"-tagged @QuarkusTest
# (ConsumerThroughputBenchTest) fills a topic of the in-JVM KRaft broker BEFORE the service starts:
#  - status: <messages> outbound texts created in the database first, then a sending, a sent and a
#    delivered callback for each (3 x <messages> events, in three rounds, so every callback moves
#    its text and writes its outbox event);
#  - inbound: <texts> texts from <numbers> senders, one in a hundred a STOP.
# Then it starts the service on it (the other consumer off) and measures by the database's clock how
# many events per second are applied (stored, committed, offsets committed after). Goal: 10,000/s
# each (issue 15). PostgreSQL at SMS_DB_HOST:SMS_DB_PORT (default 127.0.0.1:5432), schema
# gateway_bench of database BENCH_DB (default test), dropped and rebuilt by each run.
# BENCH_JFR=1 records a Flight Recorder profile of each run to target/bench/<topic>.jfr.
set -euo pipefail

MESSAGES="${1:-20000}"
TEXTS="${2:-60000}"
NUMBERS="${3:-2000}"
MODULE_DIR="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$MODULE_DIR/.." && pwd)"
OUT="$MODULE_DIR/target/bench"
rm -rf "$OUT"
mkdir -p "$OUT"

for topic in status inbound; do
  echo "== $topic: applying the preloaded topic"
  (cd "$ROOT" && SMS_DB_SCHEMA=gateway_bench SMS_DB_NAME="${BENCH_DB:-test}" mvn -o -B -q -pl sms-gateway-service verify \
    -Dgroups=bench -Dbench.excludedGroups=none -Dtest=ConsumerThroughputBenchTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dbench.topic="$topic" \
    -Dbench.messages="$MESSAGES" -Dbench.texts="$TEXTS" -Dbench.numbers="$NUMBERS" \
    ${BENCH_JFR:+"-Dtest.jvm.extra=-XX:StartFlightRecording=filename=$OUT/$topic.jfr,settings=profile,dumponexit=true"} \
    >"$OUT/$topic.log" 2>&1) || { echo "the $topic benchmark failed: see $OUT/$topic.log" >&2; exit 1; }
  [ -s "$OUT/$topic.properties" ] || { echo "no result in $OUT/$topic.properties" >&2; exit 1; }
done

prop() { sed -n "s/^$2=//p" "$OUT/$1.properties"; }
echo
date -u '+%Y-%m-%d %H:%M UTC'
for topic in status inbound; do
  printf '%-8s: %10.1f events/s  (%s events in %ss; goal %s/s)\n' "$topic" \
    "$(prop "$topic" events_per_second)" "$(prop "$topic" events)" "$(prop "$topic" seconds)" "$(prop "$topic" goal)"
done
echo "load    : $(uptime)"
