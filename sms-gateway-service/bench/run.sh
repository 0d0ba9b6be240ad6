#!/usr/bin/env bash
# Benchmark of sms-gateway-service on this machine (loopback only, bounded in time):
#  1. the dispatcher's achieved send rate on a fake Twilio against its configured limits;
#  2. accepted sends per second (POST /api/messages -> 202 after the transaction) with p50/p99
#     latency, against a baseline measured in the same run (GET /api/messages/{id}).
# It starts its own Kafka broker (in-JVM KRaft), a fake Twilio and the gateway (schema gateway_bench
# in database SMS_DB_NAME, dropped first), and stops them at the end.
#
#   sms-gateway-service/bench/run.sh [seconds-per-phase=15] [concurrency=16]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
MODULE="$(dirname "$HERE")"
ROOT="$(dirname "$MODULE")"
SECONDS_PER_PHASE="${1:-15}"
CONCURRENCY="${2:-16}"
PER_SENDER="${BENCH_RATE_PER_SENDER:-10}"
ACCOUNT="${BENCH_RATE_ACCOUNT:-20}"
PORT="${BENCH_PORT:-18082}"
MANAGEMENT_PORT="${BENCH_MANAGEMENT_PORT:-19082}"
SMS_DB_HOST="${SMS_DB_HOST:-127.0.0.1}"; SMS_DB_PORT="${SMS_DB_PORT:-5432}"; SMS_DB_NAME="${SMS_DB_NAME:-postgres}"; SMS_DB_USER="${SMS_DB_USER:-postgres}"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

M2="${MAVEN_REPO:-$HOME/.m2/repository}"
JAR="$MODULE/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -o -B -q -pl sms-gateway-service package -DskipTests)
fi
[ -f "$ROOT/test-support/target/broker.classpath" ] ||
  (cd "$ROOT" && mvn -o -B -q -pl test-support dependency:build-classpath -Dmdep.outputFile=target/broker.classpath)
BROKER_CP="$(cat "$ROOT/test-support/target/broker.classpath"):$M2/com/example/crm/sms/test-support/1.0.0-SNAPSHOT/test-support-1.0.0-SNAPSHOT.jar:$M2/com/example/crm/sms/sms-events/1.0.0-SNAPSHOT/sms-events-1.0.0-SNAPSHOT.jar"

echo "Starting Kafka, the fake Twilio and the bench issuer..."
java -Xmx512m -cp "$BROKER_CP" com.example.crm.sms.testsupport.StandaloneBroker "$WORK/bootstrap" >"$WORK/broker.log" 2>&1 &
PIDS+=($!)
java -Xmx128m "$HERE/BenchFakeTwilio.java" "$WORK/twilio" >"$WORK/twilio.log" 2>&1 &
PIDS+=($!)
# The API takes bearer tokens only: a loopback issuer signs the load generator's (role sms-agent).
java -Xmx64m "$HERE/BenchIssuer.java" "$WORK/issuer" "$WORK/token" >"$WORK/issuer.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do [ -s "$WORK/bootstrap" ] && [ -s "$WORK/twilio" ] && [ -s "$WORK/issuer" ] && break; sleep 1; done
[ -s "$WORK/issuer" ] || { cat "$WORK/issuer.log"; echo "the bench issuer did not start" >&2; exit 1; }
[ -s "$WORK/bootstrap" ] || { cat "$WORK/broker.log"; echo "the broker did not start" >&2; exit 1; }

psql -h "$SMS_DB_HOST" -p "$SMS_DB_PORT" -U "$SMS_DB_USER" -d "$SMS_DB_NAME" -qc 'SET client_min_messages = warning; DROP SCHEMA IF EXISTS gateway_bench CASCADE' >/dev/null

echo "Starting the gateway on 127.0.0.1:$PORT (limits: $PER_SENDER segments/s per sender, $ACCOUNT per account)..."
env SMS_DB_HOST="$SMS_DB_HOST" SMS_DB_PORT="$SMS_DB_PORT" SMS_DB_NAME="$SMS_DB_NAME" SMS_DB_USER="$SMS_DB_USER" SMS_DB_SCHEMA=gateway_bench \
  QUARKUS_HTTP_PORT="$PORT" KAFKA_BOOTSTRAP_SERVERS="$(cat "$WORK/bootstrap")" \
  SMS_GATEWAY_CARRIER_MODE=twilio SMS_TWILIO_ACCOUNT_SID="AC00000000000000000000000000000b" SMS_TWILIO_AUTH_TOKEN="bench-token-0000" \
  SMS_TWILIO_API_BASE_URL="$(cat "$WORK/twilio")" SMS_TWILIO_FROM_NUMBER=+15005550006 SMS_INGEST_PUBLIC_URL=http://127.0.0.1:9 \
  SMS_TWILIO_SENDER_NUMBERS=+12394260101,+12394260201,+12394260202,+12394260203,+12394260204,+12394269000 \
  SMS_GATEWAY_DISPATCHER_PER_SENDER_SEGMENTS_PER_SECOND="$PER_SENDER" SMS_GATEWAY_DISPATCHER_ACCOUNT_SEGMENTS_PER_SECOND="$ACCOUNT" \
  SMS_GATEWAY_DISPATCHER_POLL_INTERVAL=50ms QUARKUS_LOG_LEVEL=WARN \
  QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" SMS_OIDC_ISSUER="$(cat "$WORK/issuer")" \
  java -Xmx512m -jar "$JAR" >"$WORK/gateway.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 90); do
  curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null || { tail -50 "$WORK/gateway.log"; echo "the gateway did not get ready" >&2; exit 1; }

BENCH_TOKEN="$(cat "$WORK/token")" java -Xmx256m "$HERE/LoadGen.java" "http://127.0.0.1:$PORT" "$(cat "$WORK/twilio")" \
  "$SECONDS_PER_PHASE" "$CONCURRENCY" "$PER_SENDER" "$ACCOUNT"
