#!/usr/bin/env bash
# The fault check (issue 18): the platform with Kafka as a 3-node KRaft cluster (replication factor 3, min ISR 2,
# as the prod overlay), two replicas of each service, a fake Twilio and a cuttable PostgreSQL proxy, under a mixed
# load, through faults one after another and two at once; then it checks from PostgreSQL and the fake Twilio's
# record that every webhook answered 200 and every send answered 202 was applied exactly once. Loopback only, its
# own ports (19xxx) and database (sms_chaos); bounded in time; stops everything it started, by PID.
#
#   chaos/run.sh           the full check (every fault; about 10 minutes)
#   chaos/run.sh --short   two faults (a broker and a replica of each of two services killed), for CI
#
# See chaos/README.md for each fault, what it checks and the settings. Output also in chaos/results/.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
SHORT=false
[ "${1:-}" = "--short" ] && SHORT=true

WEBHOOKS_PER_S="${CHAOS_WEBHOOKS_PER_S:-$($SHORT && echo 40 || echo 60)}"
SENDS_PER_S="${CHAOS_SENDS_PER_S:-$($SHORT && echo 8 || echo 12)}"
MAX_SECONDS="${CHAOS_MAX_SECONDS:-$($SHORT && echo 480 || echo 2400)}"
DB=sms_chaos
DB_HOST="${SMS_DB_HOST:-127.0.0.1}" DB_PORT="${SMS_DB_PORT:-5432}" DB_USER="${SMS_DB_USER:-postgres}"
PSQL=(psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -X -q -t -A -v ON_ERROR_STOP=1)
BROKERS=3 BROKER_PORT="${CHAOS_BROKER_PORT:-19092}" BROKER_HEAP="${CHAOS_BROKER_HEAP:-320m}"
SERVICE_HEAP="${CHAOS_SERVICE_HEAP:-256m}"
FIXTURES_PORT=19140 KEYCLOAK_PORT=19180 KEYCLOAK_MANAGEMENT_PORT=19190
PUBLIC_URL="http://localhost:19121" # what the ingest replicas check signatures against
# name:schema:API ports:management ports (replica 1, replica 2)
SERVICES=(contacts-service:contacts:19101,19102:19201,19202 sms-gateway-service:gateway:19111,19112:19211,19212
  webhook-ingest-service:ingest:19121,19122:19221,19222)
KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.7.3}"
KC_HOME="$ROOT/.local/keycloak-$KEYCLOAK_VERSION"

STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
mkdir -p "$HERE/results"
SUFFIX=""
! $SHORT || SUFFIX=-short
RESULT_FILE="$HERE/results/$STAMP$SUFFIX.txt"
RUN="$(mktemp -d /tmp/chaos.XXXXXX)"
exec > >(tee "$RESULT_FILE") 2>&1

declare -A SVC_PID=() BROKER_PID=()
OTHER_PIDS=()
WATCHDOG_PID=""
T0=$(date +%s%3N)
now_ms() { date +%s%3N; }
say() { printf '[%5.1fs] %s\n' "$(awk -v a="$(now_ms)" -v b="$T0" 'BEGIN { print (a - b) / 1000 }')" "$*"; }
die() { say "ERROR: $*"; exit 1; }

stop_pid() { # pid seconds: TERM, then KILL after that many seconds
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 1 $((10 * $2))); do kill -0 "$1" 2>/dev/null || { wait "$1" 2>/dev/null || true; return 0; }; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
stop_all() { # pids...: SIGTERM to all, at most 15 s for all of them together, then SIGKILL
  local p alive
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  for _ in $(seq 1 150); do
    alive=0
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  kill -KILL "$@" 2>/dev/null || true
  for p in "$@"; do wait "$p" 2>/dev/null || true; done
}
cleanup() {
  local rc=$? p kids=()
  trap - EXIT INT TERM
  set +e # stop everything, whatever fails here
  [ -z "$WATCHDOG_PID" ] || kill "$WATCHDOG_PID" 2>/dev/null || true # (it may have ended: it sent the TERM)
  # Keycloak's kc.sh runs its JVM as a child: that one too, by its parent's PID.
  for p in "${OTHER_PIDS[@]}"; do kids+=($(ps -o pid= --ppid "$p" 2>/dev/null || true)); done
  stop_all "${SVC_PID[@]}" "${OTHER_PIDS[@]}" "${kids[@]}"
  stop_all "${BROKER_PID[@]}"
  if [ "$rc" -ne 0 ]; then
    echo "chaos: FAILED (exit $rc); the run's files (services' logs, brokers' logs, requests) are in $RUN"
    mv "$RESULT_FILE" "${RESULT_FILE%.txt}-failed.txt" 2>/dev/null || true
  else
    echo "chaos: the run's files are in $RUN"
  fi
  echo "Stopped."
}
trap cleanup EXIT
trap 'exit 130' INT TERM
(
  trap 'kill "$nap" 2>/dev/null; exit 0' TERM
  sleep "$MAX_SECONDS" &
  nap=$!
  wait "$nap" && echo "chaos/run.sh: over $MAX_SECONDS s, stopping" && kill -TERM $$
) &
WATCHDOG_PID=$!

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

echo "== fault check $STAMP: chaos/run.sh $($SHORT && echo --short) (CHAOS_WEBHOOKS_PER_S=$WEBHOOKS_PER_S CHAOS_SENDS_PER_S=$SENDS_PER_S)"
echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')" \
  " cpus: $(nproc)  load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- build, database, ports -----------------------------------------------------------------------------------
# Built only when a jar is missing or older than a source (after `mvn -B verify` nothing is).
MODULES=test-support,contacts-service,sms-gateway-service,webhook-ingest-service
stale() {
  local s jar
  for s in contacts-service sms-gateway-service webhook-ingest-service test-support; do
    jar="$ROOT/$s/target/quarkus-app/quarkus-run.jar"
    [ "$s" = test-support ] && jar="$ROOT/test-support/target/broker.classpath"
    [ -f "$jar" ] || return 0
    [ -z "$(find "$ROOT"/{sms-events,sms-common,sms-security,$s}/src "$ROOT/pom.xml" "$ROOT/$s/pom.xml" -type f \
      -newer "$jar" -print -quit)" ] || return 0
  done
  return 1
}
if [ "${CHAOS_SKIP_BUILD:-}" != 1 ] && stale; then
  say "Building test-support and the services (mvn package -DskipTests, offline first)..."
  (cd "$ROOT" && timeout 1200 mvn -B -q -o -pl "$MODULES" -am package -DskipTests >"$RUN/build.log" 2>&1) ||
    (cd "$ROOT" && timeout 1200 mvn -B -q -pl "$MODULES" -am package -DskipTests >>"$RUN/build.log" 2>&1) ||
    { tail -30 "$RUN/build.log"; die "the build failed: see $RUN/build.log"; }
fi
for p in $(seq "$BROKER_PORT" $((BROKER_PORT + 5))) "$FIXTURES_PORT" "$KEYCLOAK_PORT" "$KEYCLOAK_MANAGEMENT_PORT" \
  19101 19102 19111 19112 19121 19122 19201 19202 19211 19212 19221 19222; do
  port_in_use "$p" && die "port $p is in use (another fault check running?)"
done
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" ||
  die "cannot create database $DB on $DB_HOST:$DB_PORT"
TWILIO_TOKEN="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
CRM_SECRET="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
ACCOUNT_SID="AC$(printf '0%.0s' $(seq 1 31))1"

# --- fixtures: fake Twilio and PostgreSQL proxy ----------------------------------------------------------------
java -Xmx128m -cp "$ROOT/test-support/target/classes" "$HERE/Fixtures.java" "$FIXTURES_PORT" "$RUN/db-proxy-port" \
  "$RUN/creates.tsv" >"$RUN/fixtures.log" 2>&1 &
OTHER_PIDS+=($!)
FIXTURES="http://127.0.0.1:$FIXTURES_PORT"
fixture() { curl -fsS -X POST "$FIXTURES/_chaos/$1" >/dev/null; }

# --- Keycloak: the local run's installation (fetched and built by run-local.sh), its data in this run ----------
if [ ! -f "$KC_HOME/.built" ]; then
  say "Keycloak is not installed in .local: fetching it as run-local.sh does..."
  mkdir -p "$ROOT/.local/downloads"
  (cd "$ROOT" && mvn -B -q -N dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
    -DoutputDirectory="$ROOT/.local/downloads" >"$RUN/keycloak-fetch.log" 2>&1) || die "could not fetch Keycloak"
  (cd "$ROOT/.local" && unzip -q -o "downloads/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" &&
    rm -f "downloads/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip")
  "$KC_HOME/bin/kc.sh" build --db=dev-file --health-enabled=true >"$RUN/keycloak-build.log" 2>&1 ||
    die "could not build Keycloak"
  touch "$KC_HOME/.built"
fi
# The realm file is the one run-local.sh copies there too; the database (H2) is this run's own.
mkdir -p "$KC_HOME/data/import" "$RUN/keycloak"
cp "$ROOT/deploy/keycloak/sms-realm.json" "$KC_HOME/data/import/sms-realm.json"
(
  export SMS_CRM_BACKEND_SECRET="$CRM_SECRET" SMS_CONSOLE_ORIGIN="http://localhost:19101"
  for u in VIEWER AGENT ADMIN; do export "SMS_DEMO_${u}_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"; done
  export KC_BOOTSTRAP_ADMIN_USERNAME=kcadmin KC_BOOTSTRAP_ADMIN_PASSWORD="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  export JAVA_OPTS_KC_HEAP="-Xms64m -Xmx384m"
  exec "$KC_HOME/bin/kc.sh" start --optimized --import-realm --http-enabled=true --http-host=127.0.0.1 \
    --http-port="$KEYCLOAK_PORT" --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" \
    --hostname="http://localhost:$KEYCLOAK_PORT" \
    --db-url="jdbc:h2:file:$RUN/keycloak/h2;NON_KEYWORDS=VALUE"
) >"$RUN/keycloak.log" 2>&1 &
OTHER_PIDS+=($!)
ISSUER="http://localhost:$KEYCLOAK_PORT/realms/sms"

# --- Kafka: 3 nodes --------------------------------------------------------------------------------------------
# shellcheck source=chaos/brokers.sh
. "$HERE/brokers.sh"
say "Starting Kafka: $BROKERS KRaft nodes (broker and controller each) on 127.0.0.1:$BROKER_PORT.. (logs in $RUN/kafka/node-*/broker.log)"
brokers_setup
for i in $(seq 1 "$BROKERS"); do broker_start "$i"; done
for i in $(seq 1 "$BROKERS"); do broker_wait "$i" 300 || die "broker $i did not start: see $RUN/kafka/node-$i/"; done
"${BROKER_JAVA[@]}" com.example.crm.sms.testsupport.LocalKafkaTopics "$BOOTSTRAP" 3 3 >"$RUN/kafka/topics.log" 2>&1 ||
  die "could not create the topics: see $RUN/kafka/topics.log"
say "Kafka is up ($BOOTSTRAP); topics with 3 replicas, min ISR 2."

# --- the services: two replicas each ---------------------------------------------------------------------------
DB_PROXY_PORT="$(cat "$RUN/db-proxy-port")"
svc_field() { # service-name field(2 schema, 3 API ports, 4 management ports)
  local s; for s in "${SERVICES[@]}"; do [ "${s%%:*}" = "$1" ] && { echo "$s" | cut -d: -f"$2"; return; }; done
}
replica_port() { svc_field "$1" 3 | cut -d, -f"$2"; }
replica_mgmt() { svc_field "$1" 4 | cut -d, -f"$2"; }
replicas_of() { if $SHORT && [ "$1" = contacts-service ]; then echo 1; else echo 1 2; fi; }
start_replica() { # service replica
  local name=$1 r=$2
  env SMS_DB_HOST=127.0.0.1 SMS_DB_PORT="$DB_PROXY_PORT" SMS_DB_NAME="$DB" SMS_DB_USER="$DB_USER" \
    SMS_DB_SCHEMA="$(svc_field "$name" 2)" KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" SMS_OIDC_ISSUER="$ISSUER" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
    QUARKUS_HTTP_PORT="$(replica_port "$name" "$r")" QUARKUS_MANAGEMENT_PORT="$(replica_mgmt "$name" "$r")" \
    SMS_INGEST_PUBLIC_URL="$PUBLIC_URL" SMS_CONSOLE_ORIGIN="http://localhost:19101" SMS_PHONE_DEFAULT_REGION=US \
    SMS_TWILIO_AUTH_TOKEN="$TWILIO_TOKEN" SMS_TWILIO_ACCOUNT_SID="$ACCOUNT_SID" SMS_TWILIO_FROM_NUMBER=+15005550006 \
    SMS_TWILIO_API_BASE_URL="$FIXTURES" SMS_GATEWAY_CARRIER_MODE=twilio \
    SMS_GATEWAY_DISPATCHER_PER_SENDER_SEGMENTS_PER_SECOND=100 SMS_GATEWAY_DISPATCHER_CLAIM_LEASE=20s \
    ${CHAOS_SERVICE_ENV:-} \
    java -Xmx"$SERVICE_HEAP" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$ROOT/$name/target/quarkus-app/quarkus-run.jar" \
    >>"$RUN/$name-$r.log" 2>&1 &
  SVC_PID[$name-$r]=$!
}
replica_ready() { curl -fsS "http://127.0.0.1:$(replica_mgmt "$1" "$2")/q/health/ready" >/dev/null 2>&1; }
wait_replica() { # service replica timeout
  local end=$((SECONDS + $3))
  until replica_ready "$1" "$2"; do
    kill -0 "${SVC_PID[$1-$2]}" 2>/dev/null || die "$1 replica $2 exited: see $RUN/$1-$2.log"
    [ $SECONDS -lt $end ] || die "$1 replica $2 not ready after $3 s: see $RUN/$1-$2.log"
    sleep 0.5
  done
}
say "Starting the services (2 replicas each$($SHORT && echo ', 1 of contacts-service'); logs in $RUN/<service>-<replica>.log)..."
for s in "${SERVICES[@]}"; do for r in $(replicas_of "${s%%:*}"); do start_replica "${s%%:*}" "$r"; done; done
end=$((SECONDS + 240))
until curl -fsS "http://127.0.0.1:$KEYCLOAK_MANAGEMENT_PORT/health/ready" >/dev/null 2>&1; do
  [ $SECONDS -lt $end ] || die "Keycloak is not ready: see $RUN/keycloak.log"
  sleep 1
done
for s in "${SERVICES[@]}"; do for r in $(replicas_of "${s%%:*}"); do wait_replica "${s%%:*}" "$r" 240; done; done
say "Everything is up: $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg)."

# --- load ------------------------------------------------------------------------------------------------------
urls() { local r out=""; for r in $(replicas_of "$1"); do out+="${out:+,}http://127.0.0.1:$(replica_port "$1" "$r")"; done; echo "$out"; }
LOAD_SECONDS=$MAX_SECONDS # at most; it stops when the faults are over (the file load.stop)
say "Load: $WEBHOOKS_PER_S inbound texts/s (+ status callbacks) and $SENDS_PER_S sends/s..."
CHAOS_TWILIO_AUTH_TOKEN="$TWILIO_TOKEN" CHAOS_TOKEN_URL="$ISSUER/protocol/openid-connect/token" \
  CHAOS_CLIENT_SECRET="$CRM_SECRET" java -Xmx256m "$HERE/Load.java" "$(urls webhook-ingest-service)" \
  "$(urls sms-gateway-service)" "$PUBLIC_URL" "$FIXTURES" "$WEBHOOKS_PER_S" "$SENDS_PER_S" "$LOAD_SECONDS" \
  "$RUN/requests.tsv" "$RUN/load.stop" >"$RUN/load.log" 2>&1 &
LOAD_PID=$!
OTHER_PIDS+=("$LOAD_PID")

# --- faults ----------------------------------------------------------------------------------------------------
: >"$RUN/faults.tsv"
: >"$RUN/measures.tsv"
FAULT="" FAULT_START=0
fault_begin() { FAULT=$1 FAULT_START=$(now_ms); say "FAULT $1: $2"; }
fault_end() { printf '%s\t%s\t%s\n' "$FAULT" "$FAULT_START" "$(now_ms)" >>"$RUN/faults.tsv"; }
measure() { printf '%s\t%s\t%s\n' "$FAULT" "$1" "$2" >>"$RUN/measures.tsv"; say "  $1: $2"; }
settle() { sleep "$1"; }

restart_broker() { # node: start it again, measure the time until it listens
  local t; t=$(now_ms)
  broker_start "$1"
  broker_wait "$1" 300 || die "broker $1 did not come back: see $RUN/kafka/node-$1/broker.log"
  measure "broker $1 listening after restart (ms)" $(($(now_ms) - t))
}
kill9_broker() { kill -KILL "${BROKER_PID[$1]}"; wait "${BROKER_PID[$1]}" 2>/dev/null || true; }
kill9_replica() { kill -KILL "${SVC_PID[$1-$2]}"; wait "${SVC_PID[$1-$2]}" 2>/dev/null || true; }
restart_replica() { # service replica: start, measure until ready
  local t; t=$(now_ms)
  start_replica "$1" "$2"
  wait_replica "$1" "$2" 300
  measure "$1 replica $2 ready after start (ms)" $(($(now_ms) - t))
}

f_broker_kill9() {
  fault_begin broker-kill9 "kill -9 of broker 2, started again at once"
  kill9_broker 2
  restart_broker 2
  settle 15
  fault_end
}
f_brokers_down() {
  fault_begin brokers-down-10s "every broker down (kill -9) for 10 s"
  local i; for i in $(seq 1 "$BROKERS"); do kill9_broker "$i"; done
  sleep 10
  local t; t=$(now_ms)
  for i in $(seq 1 "$BROKERS"); do broker_start "$i"; done
  for i in $(seq 1 "$BROKERS"); do broker_wait "$i" 300 || die "broker $i did not come back"; done
  measure "all brokers listening after restart (ms)" $(($(now_ms) - t))
  settle 25
  fault_end
}
f_replica_kill9() { # services...
  fault_begin replica-kill9 "kill -9 of replica 1 of: $*"
  local s; for s in "$@"; do kill9_replica "$s" 1; done
  settle 15
  for s in "$@"; do start_replica "$s" 1; done
  for s in "$@"; do wait_replica "$s" 1 300; done
  settle 5
  fault_end
}
f_rolling_restart() {
  fault_begin rolling-restart "SIGTERM and start again, one replica at a time, every service"
  local s r name
  for s in "${SERVICES[@]}"; do
    name="${s%%:*}"
    for r in $(replicas_of "$name"); do
      local t; t=$(now_ms)
      stop_pid "${SVC_PID[$name-$r]}" 30
      measure "$name replica $r stopped by SIGTERM (ms)" $(($(now_ms) - t))
      restart_replica "$name" "$r"
    done
  done
  settle 5
  fault_end
}
f_db_down() {
  fault_begin db-down-5s "PostgreSQL unreachable for 5 s (the proxy closes every connection and refuses new ones)"
  fixture db/down
  sleep 5
  fixture db/up
  settle 25
  fault_end
}
f_twilio_slow() {
  fault_begin twilio-slow "Twilio answers after 5 s, for 20 s"
  fixture twilio/slow
  sleep 20
  fixture twilio/normal
  settle 15
  fault_end
}
f_twilio_outage() {
  fault_begin twilio-outage "Twilio answers 503 for 15 s"
  fixture twilio/outage
  sleep 15
  fixture twilio/normal
  settle 45
  fault_end
}
f_broker_and_replica() {
  fault_begin broker-and-replica-kill9 "two at once: kill -9 of broker 3 and of replica 2 of the gateway and the ingest service"
  kill9_broker 3
  kill9_replica sms-gateway-service 2
  kill9_replica webhook-ingest-service 2
  restart_broker 3
  start_replica sms-gateway-service 2
  start_replica webhook-ingest-service 2
  wait_replica sms-gateway-service 2 300
  wait_replica webhook-ingest-service 2 300
  settle 10
  fault_end
}

FAULT=warm-up FAULT_START=$(now_ms) # the load without a fault, to compare with
settle 10
fault_end
if $SHORT; then
  f_broker_kill9
  f_replica_kill9 sms-gateway-service webhook-ingest-service
else
  f_broker_kill9
  f_brokers_down
  f_replica_kill9 contacts-service sms-gateway-service webhook-ingest-service
  f_rolling_restart
  f_db_down
  f_twilio_slow
  f_twilio_outage
  f_broker_and_replica
fi
settle 5
say "Faults done; stopping the load..."
touch "$RUN/load.stop"
wait "$LOAD_PID" || die "the load generator failed: see $RUN/load.log"

# --- drain and checks ------------------------------------------------------------------------------------------
. "$HERE/checks.sh"
