#!/usr/bin/env bash
# Live-stream fan-out benchmark of sms-gateway-service (loopback only, bounded in time, stops by
# itself): N open SSE streams on one conversation (default 1000, the gateway's cap set to N), one
# more refused with 503, then per round one change (POST /api/messages to that conversation) and
# the time until every stream got it, with the database reads the gateway made for it.
# It starts its own Kafka broker (in-JVM KRaft) and the gateway (simulated carrier, dispatcher off,
# schema gateway_bench in database SMS_DB_NAME, dropped first), and stops them at the end.
#
#   sms-gateway-service/bench/streams.sh [streams=1000] [rounds=5]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
MODULE="$(dirname "$HERE")"
ROOT="$(dirname "$MODULE")"
STREAMS="${1:-1000}"
ROUNDS="${2:-5}"
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
# Each stream is a socket in the load generator and one in the gateway.
ulimit -n "$(( STREAMS * 2 + 4096 ))" 2>/dev/null || true

M2="${MAVEN_REPO:-$HOME/.m2/repository}"
JAR="$MODULE/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -o -B -q -pl sms-gateway-service package -DskipTests)
fi
[ -f "$ROOT/test-support/target/broker.classpath" ] ||
  (cd "$ROOT" && mvn -o -B -q -pl test-support dependency:build-classpath -Dmdep.outputFile=target/broker.classpath)
BROKER_CP="$(cat "$ROOT/test-support/target/broker.classpath"):$M2/com/example/crm/sms/test-support/1.0.0-SNAPSHOT/test-support-1.0.0-SNAPSHOT.jar:$M2/com/example/crm/sms/sms-events/1.0.0-SNAPSHOT/sms-events-1.0.0-SNAPSHOT.jar"

echo "Starting Kafka and the bench issuer..."
timeout 600 java -Xmx512m -cp "$BROKER_CP" com.example.crm.sms.testsupport.StandaloneBroker "$WORK/bootstrap" >"$WORK/broker.log" 2>&1 &
PIDS+=($!)
# The API takes bearer tokens only: a loopback issuer signs the load generator's (role sms-agent).
timeout 600 java -Xmx64m "$HERE/BenchIssuer.java" "$WORK/issuer" "$WORK/token" >"$WORK/issuer.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do [ -s "$WORK/bootstrap" ] && [ -s "$WORK/issuer" ] && break; sleep 1; done
[ -s "$WORK/issuer" ] || { cat "$WORK/issuer.log"; echo "the bench issuer did not start" >&2; exit 1; }
[ -s "$WORK/bootstrap" ] || { cat "$WORK/broker.log"; echo "the broker did not start" >&2; exit 1; }

psql -h "$SMS_DB_HOST" -p "$SMS_DB_PORT" -U "$SMS_DB_USER" -d "$SMS_DB_NAME" -qc 'SET client_min_messages = warning; DROP SCHEMA IF EXISTS gateway_bench CASCADE' >/dev/null

echo "Starting the gateway on 127.0.0.1:$PORT (at most $STREAMS streams)..."
env SMS_DB_HOST="$SMS_DB_HOST" SMS_DB_PORT="$SMS_DB_PORT" SMS_DB_NAME="$SMS_DB_NAME" SMS_DB_USER="$SMS_DB_USER" SMS_DB_SCHEMA=gateway_bench \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$PORT" KAFKA_BOOTSTRAP_SERVERS="$(cat "$WORK/bootstrap")" \
  SMS_GATEWAY_CARRIER_MODE=simulated SMS_TWILIO_AUTH_TOKEN= SMS_GATEWAY_DISPATCHER_ENABLED=false SMS_GATEWAY_STREAM_MAX_OPEN="$STREAMS" \
  QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" SMS_OIDC_ISSUER="$(cat "$WORK/issuer")" \
  QUARKUS_LOG_LEVEL=WARN \
  timeout 600 java -Xmx512m -jar "$JAR" >"$WORK/gateway.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 90); do
  curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null || { tail -50 "$WORK/gateway.log"; echo "the gateway did not get ready" >&2; exit 1; }
METRICS="$(curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/metrics")"
grep -q '^sms_gateway_streams_open' <<<"$METRICS" ||
  { echo "this gateway build has no stream metrics: rebuild it (mvn -o -pl sms-gateway-service package)" >&2; exit 1; }

echo "Load generator: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
BENCH_TOKEN="$(cat "$WORK/token")" timeout 300 java -Xmx256m "$HERE/StreamFanout.java" \
  "http://127.0.0.1:$PORT" "$STREAMS" "$ROUNDS" "http://127.0.0.1:$MANAGEMENT_PORT"
