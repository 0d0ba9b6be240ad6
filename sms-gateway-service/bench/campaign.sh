#!/usr/bin/env bash
# Campaign benchmark of sms-gateway-service (loopback only, bounded in time, stops what it started):
#  1. how long POST /api/campaigns takes to accept 10,000 recipients with merge values (goal <= 5 s
#     on 2 cores): a cold round, then warm rounds, as drafts (nothing dispatches);
#  2. whether the dispatch of a started 10,000-recipient campaign holds the configured rate: the rate
#     the fake Twilio receives over a bounded window (goal: within 2 % of the limit), then the
#     campaign is canceled.
# It starts its own Kafka broker (in-JVM KRaft), a fake Twilio, a loopback OIDC issuer (token role
# sms-admin) and the gateway (schema gateway_campaign_bench in database SMS_DB_NAME, dropped first),
# with quiet hours off (the recipients' zone would hold the texts at night), and stops them at the
# end (by PID).
#
#   sms-gateway-service/bench/campaign.sh [rate-per-second=20] [window-seconds=60] [warm-rounds=3]
#
# Environment: BENCH_SCHEMA (gateway_campaign_bench), BENCH_JAVA_OPTS, SMS_DB_POOL_SIZE. Output is
# also written to bench/results/<UTC time>-campaign.txt. Needs java 17+, psql, curl.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
MODULE="$(dirname "$HERE")"
ROOT="$(dirname "$MODULE")"
RATE="${1:-20}"
WINDOW="${2:-60}"
ROUNDS="${3:-3}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT="${BENCH_PORT:-$(free_port)}"
MANAGEMENT_PORT="${BENCH_MANAGEMENT_PORT:-$(free_port)}"
SCHEMA="${BENCH_SCHEMA:-gateway_campaign_bench}"
SMS_DB_HOST="${SMS_DB_HOST:-127.0.0.1}"; SMS_DB_PORT="${SMS_DB_PORT:-5432}"; SMS_DB_NAME="${SMS_DB_NAME:-postgres}"; SMS_DB_USER="${SMS_DB_USER:-postgres}"
STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
mkdir -p "$HERE/results"
RESULT_FILE="$HERE/results/$STAMP-campaign.txt"
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

M2="${MAVEN_REPO:-$HOME/.m2/repository}"
JAR="$MODULE/target/quarkus-app/quarkus-run.jar"
# Always built, so the run measures the code checked out (incremental: fast when nothing changed).
(cd "$ROOT" && mvn -o -B -q -pl sms-gateway-service package -DskipTests)
[ -f "$ROOT/test-support/target/broker.classpath" ] ||
  (cd "$ROOT" && mvn -o -B -q -pl test-support dependency:build-classpath -Dmdep.outputFile=target/broker.classpath)
BROKER_CP="$(cat "$ROOT/test-support/target/broker.classpath"):$M2/com/example/crm/sms/test-support/1.0.0-SNAPSHOT/test-support-1.0.0-SNAPSHOT.jar:$M2/com/example/crm/sms/sms-events/1.0.0-SNAPSHOT/sms-events-1.0.0-SNAPSHOT.jar"

echo "== sms-gateway-service campaign benchmark $STAMP"
echo "command: sms-gateway-service/bench/campaign.sh $RATE $WINDOW $ROUNDS"
echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')  cpus: $(nproc)  java: $(java -version 2>&1 | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"

timeout 900 java -Xmx512m -cp "$BROKER_CP" com.example.crm.sms.testsupport.StandaloneBroker "$WORK/bootstrap" >"$WORK/broker.log" 2>&1 &
PIDS+=($!)
timeout 900 java -Xmx256m "$HERE/BenchFakeTwilio.java" "$WORK/twilio" >"$WORK/twilio.log" 2>&1 &
PIDS+=($!)
timeout 900 java -Xmx64m "$HERE/BenchIssuer.java" "$WORK/issuer" "$WORK/token" sms-admin >"$WORK/issuer.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do [ -s "$WORK/bootstrap" ] && [ -s "$WORK/twilio" ] && [ -s "$WORK/issuer" ] && break; sleep 1; done
[ -s "$WORK/issuer" ] || { cat "$WORK/issuer.log"; die "the bench issuer did not start"; }
[ -s "$WORK/bootstrap" ] || { cat "$WORK/broker.log"; die "the broker did not start"; }
[ -s "$WORK/twilio" ] || { cat "$WORK/twilio.log"; die "the fake Twilio did not start"; }

psql_ -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null

echo "Starting the gateway on 127.0.0.1:$PORT ($RATE texts/s per sender and per account, quiet hours off)..."
env SMS_DB_HOST="$SMS_DB_HOST" SMS_DB_PORT="$SMS_DB_PORT" SMS_DB_NAME="$SMS_DB_NAME" SMS_DB_USER="$SMS_DB_USER" SMS_DB_SCHEMA="$SCHEMA" \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$PORT" KAFKA_BOOTSTRAP_SERVERS="$(cat "$WORK/bootstrap")" \
  SMS_GATEWAY_CARRIER_MODE=twilio SMS_TWILIO_ACCOUNT_SID="AC00000000000000000000000000000b" SMS_TWILIO_AUTH_TOKEN="bench-token-0000" \
  SMS_TWILIO_API_BASE_URL="$(cat "$WORK/twilio")" SMS_TWILIO_FROM_NUMBER=+15005550006 SMS_INGEST_PUBLIC_URL=http://127.0.0.1:9 \
  SMS_GATEWAY_DISPATCHER_PER_SENDER_SEGMENTS_PER_SECOND="$RATE" SMS_GATEWAY_DISPATCHER_ACCOUNT_SEGMENTS_PER_SECOND="$RATE" \
  SMS_GATEWAY_DISPATCHER_POLL_INTERVAL=50ms SMS_GATEWAY_QUIET_HOURS_ENABLED=false QUARKUS_LOG_LEVEL=WARN \
  QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" SMS_OIDC_ISSUER="$(cat "$WORK/issuer")" \
  timeout 900 java -Xmx512m ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$WORK/gateway.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 90); do
  curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null || { tail -50 "$WORK/gateway.log"; die "the gateway did not get ready"; }

BENCH_TOKEN="$(cat "$WORK/token")" timeout $(( WINDOW + 600 )) java -Xmx512m "$HERE/CampaignBench.java" \
  "http://127.0.0.1:$PORT" "$(cat "$WORK/twilio")" "$RATE" "$WINDOW" "$ROUNDS" || die "the campaign bench failed"
echo
echo "texts in the schema: $(PGOPTIONS="-csearch_path=$SCHEMA" psql_ -c 'SELECT count(*) FROM sms_messages')"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"
psql_ -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null
