#!/usr/bin/env bash
# Benchmark of sms-gateway-service on this machine (loopback only, bounded in time):
#  1. the dispatcher's achieved send rate on a fake Twilio against its configured limits
#     (DispatchRate.java);
#  2. wrk at N connections: the GET baseline (GET /api/messages/{id}, one indexed read through the
#     same HTTP stack, sign-in and pool), then accepted sends (POST /api/messages with its own
#     Idempotency-Key and recipient each, 202 after the commit), with p50/p90/p99 latency;
#  3. pgbench at N clients running the send's own statement (send-tx.sql: opt-out check,
#     Idempotency-Key, message, outbox event, NOTIFY) in a schema of its own, the database's ceiling
#     for sends on this machine.
# It starts its own Kafka broker (in-JVM KRaft), a fake Twilio, a loopback OIDC issuer and the
# gateway (schema gateway_bench in database SMS_DB_NAME, dropped first), and stops them at the end.
#
#   sms-gateway-service/bench/run.sh [seconds-per-run=15] [connections=32] [wrk-threads=2]
#
# Environment: BENCH_SCHEMA (gateway_bench; with _pgbench appended for pgbench), BENCH_WARMUP_SECONDS (30: sends, then 10 s of GETs, before the measured runs),
# BENCH_JFR=<file> (records the send run with JFR into that file: jcmd JFR.start, profile
# settings), BENCH_JAVA_OPTS (extra JVM options for the gateway), BENCH_RATE_PER_SENDER (10) and
# BENCH_RATE_ACCOUNT (20) segments/s (the dispatcher's limits), SMS_DB_POOL_SIZE (the gateway's).
# Output is also written to bench/results/<UTC time>.txt. Needs java 17+, psql, pgbench, curl;
# installs wrk with apt-get if missing (as root, or through sudo).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
MODULE="$(dirname "$HERE")"
ROOT="$(dirname "$MODULE")"
DURATION="${1:-15}"
CONNECTIONS="${2:-32}"
THREADS="${3:-2}"
WARMUP="${BENCH_WARMUP_SECONDS:-30}"
PER_SENDER="${BENCH_RATE_PER_SENDER:-10}"
ACCOUNT="${BENCH_RATE_ACCOUNT:-20}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Free ports unless given: another gateway (another bench, a dev instance) may be running here.
PORT="${BENCH_PORT:-$(free_port)}"
MANAGEMENT_PORT="${BENCH_MANAGEMENT_PORT:-$(free_port)}"
SCHEMA="${BENCH_SCHEMA:-gateway_bench}"
SMS_DB_HOST="${SMS_DB_HOST:-127.0.0.1}"; SMS_DB_PORT="${SMS_DB_PORT:-5432}"; SMS_DB_NAME="${SMS_DB_NAME:-postgres}"; SMS_DB_USER="${SMS_DB_USER:-postgres}"
STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
mkdir -p "$HERE/results"
RESULT_FILE="$HERE/results/$STAMP.txt"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
exec > >(tee "$RESULT_FILE") 2>&1
die() { [ -f "$WORK/gateway.log" ] && tail -40 "$WORK/gateway.log"; echo "ERROR: $*" >&2; exit 1; }
psql_() { psql -h "$SMS_DB_HOST" -p "$SMS_DB_PORT" -U "$SMS_DB_USER" -d "$SMS_DB_NAME" -v ON_ERROR_STOP=1 -qAt "$@"; }

if ! command -v wrk >/dev/null; then
  echo "Installing wrk..."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi
command -v pgbench >/dev/null || die "pgbench is missing (Debian: apt-get install postgresql-client)"
M2="${MAVEN_REPO:-$HOME/.m2/repository}"
JAR="$MODULE/target/quarkus-app/quarkus-run.jar"
# Always built, so the run measures the code checked out (incremental: fast when nothing changed).
(cd "$ROOT" && mvn -o -B -q -pl sms-gateway-service package -DskipTests)
[ -f "$ROOT/test-support/target/broker.classpath" ] ||
  (cd "$ROOT" && mvn -o -B -q -pl test-support dependency:build-classpath -Dmdep.outputFile=target/broker.classpath)
BROKER_CP="$(cat "$ROOT/test-support/target/broker.classpath"):$M2/com/example/crm/sms/test-support/1.0.0-SNAPSHOT/test-support-1.0.0-SNAPSHOT.jar:$M2/com/example/crm/sms/sms-events/1.0.0-SNAPSHOT/sms-events-1.0.0-SNAPSHOT.jar"

echo "== sms-gateway-service benchmark $STAMP"
echo "command: sms-gateway-service/bench/run.sh $DURATION $CONNECTIONS $THREADS (BENCH_WARMUP_SECONDS=$WARMUP)"
echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')  cpus: $(nproc)  $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)  $(pgbench --version)  java: $(java -version 2>&1 | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"

echo "Starting Kafka, the fake Twilio and the bench issuer..."
timeout 900 java -Xmx512m -cp "$BROKER_CP" com.example.crm.sms.testsupport.StandaloneBroker "$WORK/bootstrap" >"$WORK/broker.log" 2>&1 &
PIDS+=($!)
timeout 900 java -Xmx128m "$HERE/BenchFakeTwilio.java" "$WORK/twilio" >"$WORK/twilio.log" 2>&1 &
PIDS+=($!)
# The API takes bearer tokens only: a loopback issuer signs the load generators' (role sms-agent).
timeout 900 java -Xmx64m "$HERE/BenchIssuer.java" "$WORK/issuer" "$WORK/token" >"$WORK/issuer.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do [ -s "$WORK/bootstrap" ] && [ -s "$WORK/twilio" ] && [ -s "$WORK/issuer" ] && break; sleep 1; done
[ -s "$WORK/issuer" ] || { cat "$WORK/issuer.log"; die "the bench issuer did not start"; }
[ -s "$WORK/bootstrap" ] || { cat "$WORK/broker.log"; die "the broker did not start"; }
[ -s "$WORK/twilio" ] || { cat "$WORK/twilio.log"; die "the fake Twilio did not start"; }

psql_ -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $SCHEMA CASCADE; DROP SCHEMA IF EXISTS ${SCHEMA}_pgbench CASCADE" >/dev/null

echo "Starting the gateway on 127.0.0.1:$PORT (limits: $PER_SENDER segments/s per sender, $ACCOUNT per account; pool ${SMS_DB_POOL_SIZE:-default})..."
env SMS_DB_HOST="$SMS_DB_HOST" SMS_DB_PORT="$SMS_DB_PORT" SMS_DB_NAME="$SMS_DB_NAME" SMS_DB_USER="$SMS_DB_USER" SMS_DB_SCHEMA="$SCHEMA" \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$PORT" KAFKA_BOOTSTRAP_SERVERS="$(cat "$WORK/bootstrap")" \
  SMS_GATEWAY_CARRIER_MODE=twilio SMS_TWILIO_ACCOUNT_SID="AC00000000000000000000000000000b" SMS_TWILIO_AUTH_TOKEN="bench-token-0000" \
  SMS_TWILIO_API_BASE_URL="$(cat "$WORK/twilio")" SMS_TWILIO_FROM_NUMBER=+15005550006 SMS_INGEST_PUBLIC_URL=http://127.0.0.1:9 \
  SMS_TWILIO_SENDER_NUMBERS=+12394260101,+12394260201,+12394260202,+12394260203,+12394260204,+12394269000 \
  SMS_GATEWAY_DISPATCHER_PER_SENDER_SEGMENTS_PER_SECOND="$PER_SENDER" SMS_GATEWAY_DISPATCHER_ACCOUNT_SEGMENTS_PER_SECOND="$ACCOUNT" \
  SMS_GATEWAY_DISPATCHER_POLL_INTERVAL=50ms QUARKUS_LOG_LEVEL=WARN \
  QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" SMS_OIDC_ISSUER="$(cat "$WORK/issuer")" \
  timeout 900 java -Xmx512m ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$WORK/gateway.log" 2>&1 &
PIDS+=($!)
sleep 1
# The JVM itself (timeout's child), for its CPU time and for jcmd.
GATEWAY_PID="$(pgrep -P "${PIDS[-1]}" java || echo "${PIDS[-1]}")"
for _ in $(seq 1 90); do
  curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null || { tail -50 "$WORK/gateway.log"; die "the gateway did not get ready"; }
TOKEN="$(cat "$WORK/token")"

BENCH_TOKEN="$TOKEN" timeout 300 java -Xmx256m "$HERE/DispatchRate.java" "http://127.0.0.1:$PORT" "$(cat "$WORK/twilio")" \
  "$PER_SENDER" "$ACCOUNT" | tee "$WORK/dispatch" || die "the dispatcher phase failed"
ID="$(sed -n 's/^id //p' "$WORK/dispatch")"
[ -n "$ID" ] || die "no message to read for the GET baseline"

: >"$WORK/results"
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
wrk_run() { # label mode path seconds
  local cpu0
  cpu0="$(cpu_seconds "$GATEWAY_PID")"
  echo
  echo "-- $1: wrk -t$THREADS -c$CONNECTIONS -d${4}s --latency -s send.lua ($2) http://127.0.0.1:$PORT$3  (load $(cut -d' ' -f1 /proc/loadavg))"
  timeout $(( $4 + 60 )) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${4}s" --timeout 10s --latency -s "$HERE/send.lua" \
    "http://127.0.0.1:$PORT" -- "$2" "$TOKEN" "$3" "$1-$STAMP" | tee "$WORK/out"
  echo "$1 $(grep '^RESULT ' "$WORK/out" | cut -d' ' -f2-) gateway_cpu=$(awk -v a="$cpu0" -v b="$(cpu_seconds "$GATEWAY_PID")" 'BEGIN { printf "%.2f", b - a }')" >>"$WORK/results"
}
wrk_run warmup-send send /api/messages "$WARMUP"
wrk_run warmup-get get "/api/messages/$ID" 10
sleep 5
wrk_run get get "/api/messages/$ID" "$DURATION"
if [ -n "${BENCH_JFR:-}" ]; then
  jcmd "$GATEWAY_PID" JFR.start name=send settings=profile duration="${DURATION}s" filename="$BENCH_JFR" >/dev/null
  echo "JFR: recording the send run into $BENCH_JFR"
fi
wrk_run send send /api/messages "$DURATION"
LOAD_SENDS="$(cut -d' ' -f1-3 /proc/loadavg)"
QUEUED="$(PGOPTIONS="-csearch_path=$SCHEMA" psql_ -c 'SELECT count(*) FROM sms_messages')"
sleep 3
UNPUBLISHED="$(PGOPTIONS="-csearch_path=$SCHEMA" psql_ -c 'SELECT count(*) FROM outbox WHERE published_at IS NULL')"

# pgbench: the send's statement in a schema of its own (the gateway's relay and dispatcher do not
# read it), with the gateway still up and idle; its NOTIFYs reach the gateway's listener as the
# sends' do.
psql_ -c "CREATE SCHEMA ${SCHEMA}_pgbench" >/dev/null
cat "$MODULE"/src/main/resources/db/migration/V*.sql | PGOPTIONS=-csearch_path=${SCHEMA}_pgbench psql_ >/dev/null
echo
echo "-- pgbench: send-tx.sql, -M prepared -c $CONNECTIONS -j $THREADS -T $DURATION  (load $(cut -d' ' -f1 /proc/loadavg))"
PGOPTIONS=-csearch_path=${SCHEMA}_pgbench timeout $(( DURATION + 60 )) pgbench -h "$SMS_DB_HOST" -p "$SMS_DB_PORT" -U "$SMS_DB_USER" -n \
  -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -P 5 -r -D event="$(cat "$HERE/event.json")" -f "$HERE/send-tx.sql" "$SMS_DB_NAME" | tee "$WORK/pgbench"
PGB_TPS="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$WORK/pgbench")"
PGB_LAT="$(sed -n 's/^latency average = \([0-9.]*\).*/\1/p' "$WORK/pgbench")"
psql_ -c "SET client_min_messages = warning; DROP SCHEMA ${SCHEMA}_pgbench CASCADE" >/dev/null
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

get() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
GET_R="$(grep '^get ' "$WORK/results")"
SEND_R="$(grep '^send ' "$WORK/results")"
echo
echo "================================ SUMMARY ($STAMP) ================================"
echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s after warm-ups (sends ${WARMUP}s, GETs 10 s); pgbench -c $CONNECTIONS -j $THREADS -T $DURATION;"
echo "loopback, $(nproc) CPUs shared by wrk, the gateway, PostgreSQL, the broker and whatever else runs here"
printf '%-12s %9s %9s %8s %8s %8s %8s %7s %7s %11s\n' run requests ok/s p50_ms p90_ms p99_ms max_ms other errors gw_us/req
while read -r label rest; do
  printf '%-12s %9s %9s %8s %8s %8s %8s %7s %7s %11s\n' "$label" "$(get requests "$rest")" "$(get ok_rps "$rest")" \
    "$(get p50_ms "$rest")" "$(get p90_ms "$rest")" "$(get p99_ms "$rest")" "$(get max_ms "$rest")" "$(get other "$rest")" \
    "$(($(get socket_errors "$rest") + $(get timeouts "$rest")))" \
    "$(awk -v c="$(get gateway_cpu "$rest")" -v n="$(get requests "$rest")" 'BEGIN { printf "%.0f", (n > 0 ? 1e6 * c / n : 0) }')"
done <"$WORK/results"
SEND_OK="$(get ok_rps "$SEND_R")"; SEND_P99="$(get p99_ms "$SEND_R")"; GET_OK="$(get ok_rps "$GET_R")"
echo
echo "GET baseline : $GET_OK req/s, p50 $(get p50_ms "$GET_R") ms, p99 $(get p99_ms "$GET_R") ms"
echo "sends (202)  : $SEND_OK req/s, p50 $(get p50_ms "$SEND_R") ms, p99 $SEND_P99 ms  (load during: $LOAD_SENDS)"
echo "pgbench      : $PGB_TPS tx/s of the send's statement, mean latency $PGB_LAT ms"
echo "ratios       : sends/pgbench $(awk -v a="$SEND_OK" -v b="$PGB_TPS" 'BEGIN { printf "%.2f", a / b }'), sends/GET $(awk -v a="$SEND_OK" -v b="$GET_OK" 'BEGIN { printf "%.2f", a / b }')"
echo "goals        : sends >= 2000/s: $(awk -v a="$SEND_OK" 'BEGIN { print (a >= 2000 ? "MET" : "NOT MET") }'); p99 <= 50 ms: $(awk -v a="$SEND_P99" 'BEGIN { print (a <= 50 ? "MET" : "NOT MET") }'); sends/pgbench >= 0.5: $(awk -v a="$SEND_OK" -v b="$PGB_TPS" 'BEGIN { print (a / b >= 0.5 ? "MET" : "NOT MET") }')"
echo "messages queued in the run: $QUEUED; outbox rows not yet published 3 s after the sends: $UNPUBLISHED"
echo "load after: $LOAD_AFTER (1/5/15 min)"
