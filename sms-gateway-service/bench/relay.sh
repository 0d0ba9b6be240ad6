#!/usr/bin/env bash
# Outbox relay throughput of sms-gateway-service (loopback only, bounded in time, stops by itself):
# the gateway runs (simulated carrier, dispatcher off) with an empty outbox; one transaction
# commits N unpublished outbox rows at once (a realistic sms.outbound.v1 event each, spread over
# many recipients, so over every partition), and the relay publishes them to Kafka (acks=all) and
# marks them. Measured: events/s from that commit until no row is unpublished (wall clock), and
# from the first round's mark to the last one's (published_at). It starts its own Kafka broker
# (in-JVM KRaft) and the gateway (schema gateway_relay_bench in database SMS_DB_NAME, dropped first).
#
#   sms-gateway-service/bench/relay.sh [rows=200000] [rounds=2]
#
# Environment: SMS_GATEWAY_RELAY_BATCH_SIZE (the gateway's default unless set), BENCH_JAVA_OPTS
# (extra JVM options for the gateway, e.g. -XX:StartFlightRecording=filename=/tmp/relay.jfr).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
MODULE="$(dirname "$HERE")"
ROOT="$(dirname "$MODULE")"
ROWS="${1:-200000}"
ROUNDS="${2:-2}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Free ports unless given: another gateway (another bench, a dev instance) may be running here.
PORT="${BENCH_PORT:-$(free_port)}"
MANAGEMENT_PORT="${BENCH_MANAGEMENT_PORT:-$(free_port)}"
SMS_DB_HOST="${SMS_DB_HOST:-127.0.0.1}"; SMS_DB_PORT="${SMS_DB_PORT:-5432}"; SMS_DB_NAME="${SMS_DB_NAME:-postgres}"; SMS_DB_USER="${SMS_DB_USER:-postgres}"
SCHEMA=gateway_relay_bench
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
psql_() { PGOPTIONS="-csearch_path=$SCHEMA" psql -h "$SMS_DB_HOST" -p "$SMS_DB_PORT" -U "$SMS_DB_USER" -d "$SMS_DB_NAME" -v ON_ERROR_STOP=1 -qAt "$@"; }

M2="${MAVEN_REPO:-$HOME/.m2/repository}"
JAR="$MODULE/target/quarkus-app/quarkus-run.jar"
# Always built, so the run measures the code checked out (incremental: fast when nothing changed).
(cd "$ROOT" && mvn -o -B -q -pl sms-gateway-service package -DskipTests)
[ -f "$ROOT/test-support/target/broker.classpath" ] ||
  (cd "$ROOT" && mvn -o -B -q -pl test-support dependency:build-classpath -Dmdep.outputFile=target/broker.classpath)
BROKER_CP="$(cat "$ROOT/test-support/target/broker.classpath"):$M2/com/example/crm/sms/test-support/1.0.0-SNAPSHOT/test-support-1.0.0-SNAPSHOT.jar:$M2/com/example/crm/sms/sms-events/1.0.0-SNAPSHOT/sms-events-1.0.0-SNAPSHOT.jar"

echo "== sms-gateway-service outbox relay benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "command: sms-gateway-service/bench/relay.sh $ROWS $ROUNDS  git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')  cpus: $(nproc)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"
echo "Starting Kafka..."
timeout 900 java -Xmx512m -cp "$BROKER_CP" com.example.crm.sms.testsupport.StandaloneBroker "$WORK/bootstrap" >"$WORK/broker.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do [ -s "$WORK/bootstrap" ] && break; sleep 1; done
[ -s "$WORK/bootstrap" ] || { cat "$WORK/broker.log"; echo "the broker did not start" >&2; exit 1; }

psql_ -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null
echo "Starting the gateway (relay batch size: ${SMS_GATEWAY_RELAY_BATCH_SIZE:-the default})..."
env SMS_DB_HOST="$SMS_DB_HOST" SMS_DB_PORT="$SMS_DB_PORT" SMS_DB_NAME="$SMS_DB_NAME" SMS_DB_USER="$SMS_DB_USER" SMS_DB_SCHEMA="$SCHEMA" \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$PORT" KAFKA_BOOTSTRAP_SERVERS="$(cat "$WORK/bootstrap")" \
  SMS_GATEWAY_CARRIER_MODE=simulated SMS_TWILIO_AUTH_TOKEN= SMS_GATEWAY_DISPATCHER_ENABLED=false \
  QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" QUARKUS_LOG_LEVEL=WARN \
  timeout 900 java -Xmx512m ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$WORK/gateway.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 90); do
  curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null || { tail -50 "$WORK/gateway.log"; echo "the gateway did not get ready" >&2; exit 1; }

EVENT="$(cat "$HERE/event.json")"
preload_and_wait() { # rows -> "seconds span_seconds"
  local t0 t1
  # One transaction: the relay sees all rows at once, as after a burst of sends or an outage.
  psql_ -v event="$EVENT" -v rows="$1" >/dev/null <<'SQL'
INSERT INTO outbox (aggregate_id, topic, record_key, payload)
SELECT md5('relay-' || g || '-' || random())::uuid, 'sms.outbound.v1',
       '+1239' || (4000000 + g % 5000000),
       jsonb_set(jsonb_set(:'event'::jsonb, '{messageId}', to_jsonb(md5('m' || g)::uuid::text)),
                 '{to}', to_jsonb('+1239' || (4000000 + g % 5000000)))
FROM generate_series(1, :rows) g;
SQL
  t0="$(date +%s.%N)"
  for _ in $(seq 1 3000); do
    [ "$(psql_ -c 'SELECT count(*) FROM outbox WHERE published_at IS NULL')" = 0 ] && break
    sleep 0.1
  done
  t1="$(date +%s.%N)"
  [ "$(psql_ -c 'SELECT count(*) FROM outbox WHERE published_at IS NULL')" = 0 ] || { echo "the relay did not finish in 300 s" >&2; exit 1; }
  local span
  span="$(psql_ -c "SELECT extract(epoch FROM max(published_at) - min(published_at)) FROM (SELECT published_at FROM outbox ORDER BY id DESC LIMIT $1) t")"
  awk -v a="$t0" -v b="$t1" -v s="$span" 'BEGIN { printf "%.2f %.2f", b - a, s }'
}

echo "Warm-up: 20000 rows..."
preload_and_wait 20000 >/dev/null
for r in $(seq 1 "$ROUNDS"); do
  read -r secs span <<<"$(preload_and_wait "$ROWS")"
  echo "round $r: $ROWS events published and marked in $secs s: $(awk -v n="$ROWS" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') events/s (first to last mark: $span s, $(awk -v n="$ROWS" -v s="$span" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }') events/s)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"
curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/metrics" |
  grep -E '^kafka_producer_(record_send_rate|records_per_request_avg|batch_size_avg|request_latency_avg)\{' |
  grep 'outbound-events' | sed -E 's/^kafka_producer_([a-z_]+)\{.*\} /  producer \1=/' || true
