#!/usr/bin/env bash
# Restarts under load: how soon each service is back, and whether webhooks and health checks stay answered.
# Loopback only, bounded in time (a watchdog ends it), stops everything it started, by PID.
#
#   bench/restart.sh            (BENCH_SKIP_BUILD=1: use the jars already in target/)
#
# What it does:
#   1. builds test-support and the three services with `mvn package` (never `install`);
#   2. starts its own broker (test-support's LocalBroker, ports 29092/29093, fresh data), a fresh database
#      sms_restart_bench, and the three services from their fast-jars on ports 2808x (API) / 2908x (management);
#   3. load for the whole run (bench/RestartLoad.java): RESTART_RATE (75) signed inbound webhooks/s from 300
#      senders, 5 % resends of an earlier MessageSid; the events flow on to the gateway's and the contacts'
#      consumers; RESTART_API_RATE (15) unauthenticated GETs/s on each of the gateway's and the contacts' APIs
#      (answered 401: there is no issuer, so sends are not measured; the point is API work on the HTTP layer
#      while the checks are asked); every readiness and liveness endpoint asked every 100 ms with a 1 s timeout;
#   4. phases after a 20 s warm-up: kill -9 and restart at once of ingest, gateway, contacts (45 s each); kill -9
#      of the broker, back after 10 s (45 s); kill -9 of the broker, then of ingest, ingest restarted while the
#      broker is down (a cold JVM answering 503s), the broker back after 15 s (45 s);
#   5. per phase: time from the restart until the API port accepts and until readiness is UP; webhooks in the
#      30 s from the kill (refused, answered, p50/p99/max of the answered, 503s' p50/p99, over 15 s or
#      unanswered); per service over the whole run: readiness/liveness p50/p99/max and how many took over
#      200 ms or got no answer within 1 s; how long each service's readiness was not UP in each phase.
# Environment: RESTART_RATE, RESTART_API_RATE, BENCH_JAVA_OPTS (extra JVM options of the services),
# BENCH_APPCDS=1 (a training run first writes each service's class archive, -XX:ArchiveClassesAtExit; every start
# measured then maps it, -XX:SharedArchiveFile),
# BENCH_ROOT (a directory holding <module>/target/quarkus-app and test-support/target of another build, e.g. the
# baseline's; implies BENCH_SKIP_BUILD=1), RESTART_START_TIMEOUT (420 s for the first start),
# BENCH_SKIP_BUILD=1, BENCH_KEEP=1 (keep the logs and samples), SMS_DB_HOST/SMS_DB_PORT/SMS_DB_USER. Output also in bench/results/restart-<UTC time>.txt.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="${BENCH_ROOT:-$(dirname "$HERE")}" # where the jars are (a copy of a baseline's target/ dirs, say)
RATE="${RESTART_RATE:-75}"
API_RATE="${RESTART_API_RATE:-15}"
KAFKA_PORT=29092 KAFKA_CONTROLLER_PORT=29093
DB=sms_restart_bench
DB_HOST="${SMS_DB_HOST:-127.0.0.1}" DB_PORT="${SMS_DB_PORT:-5432}" DB_USER="${SMS_DB_USER:-postgres}"
PSQL=(psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -X -q -t -A -v ON_ERROR_STOP=1)
MAX_SECONDS=2400
START_TIMEOUT="${RESTART_START_TIMEOUT:-420}" # s for the first start of the three; a busy machine needs minutes
BACK_TIMEOUT=120 # s a restarted service may take to get ready before the next phase goes on anyway
WARMUP=20 PHASE=45
declare -A API_PORT=([contacts]=28081 [gateway]=28082 [ingest]=28083)
declare -A MGMT_PORT=([contacts]=29081 [gateway]=29082 [ingest]=29083)
declare -A MODULE=([contacts]=contacts-service [gateway]=sms-gateway-service [ingest]=webhook-ingest-service)
declare -A SCHEMA=([contacts]=contacts [gateway]=gateway [ingest]=ingest)
SERVICES=(contacts gateway ingest)
declare -A PID=()

STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
mkdir -p "$HERE/results"
RESULT_FILE="$HERE/results/restart-$STAMP.txt"
WORK="$(mktemp -d /tmp/restart-bench.XXXXXX)"
LOAD_PID="" WATCHDOG_PID=""
exec > >(tee "$RESULT_FILE") 2>&1

stop_pid() { # pid seconds: TERM, then KILL after that many seconds
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 1 $((2 * $2))); do kill -0 "$1" 2>/dev/null || { wait "$1" 2>/dev/null || true; return 0; }; sleep 0.5; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$WATCHDOG_PID" ] && kill "$WATCHDOG_PID" 2>/dev/null
  [ -n "$LOAD_PID" ] && stop_pid "$LOAD_PID" 2
  for name in "${SERVICES[@]}"; do [ -n "${PID[$name]:-}" ] && stop_pid "${PID[$name]}" 20; done
  [ -n "${PID[kafka]:-}" ] && stop_pid "${PID[kafka]}" 20
  if [ "$rc" -ne 0 ]; then
    echo "FAILED (exit $rc): logs in $WORK"
    mv "$RESULT_FILE" "${RESULT_FILE%.txt}-failed.txt" 2>/dev/null || true
  elif [ "${BENCH_KEEP:-}" = 1 ]; then
    echo "logs and samples kept in $WORK"
  else
    rm -rf "$WORK"
  fi
  echo "Stopped."
}
trap cleanup EXIT
trap 'exit 130' INT TERM
(
  trap 'kill "$nap" 2>/dev/null; exit 0' TERM
  sleep "$MAX_SECONDS" &
  nap=$!
  wait "$nap" && echo "bench/restart.sh: over $MAX_SECONDS s, stopping" && kill -TERM $$
) &
WATCHDOG_PID=$!

die() { echo "ERROR: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
HZ="$(getconf CLK_TCK)"
cpu_ms() { awk -v hz="$HZ" '{ print int(1000 * ($14 + $15) / hz) }' "/proc/$1/stat"; } # CPU used by a process so far
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

echo "== restart benchmark $STAMP"
echo "jars: ${BENCH_ROOT:-this checkout}; git: $(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$HERE" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')" \
  " cpus: $(nproc)  java: $(java -version 2>&1 | head -1)  BENCH_JAVA_OPTS: ${BENCH_JAVA_OPTS:-none}  BENCH_APPCDS: ${BENCH_APPCDS:-0}"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; the machine is shared: other builds may run)"
for p in $KAFKA_PORT $KAFKA_CONTROLLER_PORT "${API_PORT[@]}" "${MGMT_PORT[@]}"; do
  port_open "$p" && die "port $p is in use"
done

if [ "${BENCH_SKIP_BUILD:-}" != 1 ] && [ -z "${BENCH_ROOT:-}" ]; then
  echo "Building (mvn package -DskipTests)..."
  (cd "$ROOT" && timeout 1200 mvn -B -q -o -pl test-support,contacts-service,sms-gateway-service,webhook-ingest-service \
    -am package -DskipTests >"$WORK/build.log" 2>&1) || { tail -30 "$WORK/build.log"; die "the build failed"; }
fi

# --- broker -----------------------------------------------------------------------------------------------------
KAFKA_JAVA=(java -Djava.util.logging.manager=org.jboss.logmanager.LogManager)
KAFKA_CP="$(cat "$ROOT/test-support/target/broker.classpath"):$ROOT/test-support/target/test-support-1.0.0-SNAPSHOT.jar"
cat >"$WORK/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${KAFKA_CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${WORK}/kafka
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
PROPS
cluster_id="$("${KAFKA_JAVA[@]}" -cp "$KAFKA_CP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)"
"${KAFKA_JAVA[@]}" -cp "$KAFKA_CP" kafka.tools.StorageTool format -t "$cluster_id" -c "$WORK/server.properties" \
  >"$WORK/kafka-format.log" 2>&1 || die "could not format Kafka's storage"
start_broker() {
  "${KAFKA_JAVA[@]}" -Xms256m -Xmx512m -cp "$KAFKA_CP" com.example.crm.sms.testsupport.LocalBroker \
    "$WORK/server.properties" >>"$WORK/kafka.log" 2>&1 &
  PID[kafka]=$!
}
start_broker
for _ in $(seq 1 240); do port_open $KAFKA_PORT && break; sleep 0.5; done
port_open $KAFKA_PORT || die "Kafka did not start: see $WORK/kafka.log"
"${KAFKA_JAVA[@]}" -cp "$KAFKA_CP" com.example.crm.sms.testsupport.LocalKafkaTopics "127.0.0.1:$KAFKA_PORT" 3 \
  >"$WORK/kafka-topics.log" 2>&1 || die "could not create the topics"

# --- database and services --------------------------------------------------------------------------------------
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
BENCH_TWILIO_AUTH_TOKEN="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export BENCH_TWILIO_AUTH_TOKEN # read by RestartLoad, never on a command line
start_service() { # name
  local name=$1
  # shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
  SMS_DB_HOST="$DB_HOST" SMS_DB_PORT="$DB_PORT" SMS_DB_USER="$DB_USER" SMS_DB_NAME="$DB" SMS_DB_SCHEMA="${SCHEMA[$name]}" \
    SMS_PHONE_DEFAULT_REGION=US KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" \
    SMS_INGEST_PUBLIC_URL="http://localhost:${API_PORT[ingest]}" SMS_CONSOLE_ORIGIN="http://localhost:${API_PORT[contacts]}" \
    SMS_OIDC_ISSUER="http://127.0.0.1:28180/realms/sms" SMS_TWILIO_AUTH_TOKEN="$BENCH_TWILIO_AUTH_TOKEN" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
    QUARKUS_HTTP_PORT="${API_PORT[$name]}" QUARKUS_MANAGEMENT_PORT="${MGMT_PORT[$name]}" \
    java -Xmx384m ${BENCH_JAVA_OPTS:-} ${CDS[$name]:-} -jar "$ROOT/${MODULE[$name]}/target/quarkus-app/quarkus-run.jar" \
    >>"$WORK/$name.log" 2>&1 &
  PID[$name]=$!
}
ready() { curl -fsS -m 1 "http://127.0.0.1:${MGMT_PORT[$1]}/q/health/ready" >/dev/null 2>&1; }
declare -A CDS=()
start_all() {
  for name in "${SERVICES[@]}"; do start_service "$name"; done
  STARTED=$SECONDS
  for name in "${SERVICES[@]}"; do
    until ready "$name"; do
      kill -0 "${PID[$name]}" 2>/dev/null || die "$name exited: see $WORK/$name.log"
      [ $((SECONDS - STARTED)) -lt "$START_TIMEOUT" ] || die "$name not ready after $START_TIMEOUT s: see $WORK/$name.log"
      sleep 0.5
    done
  done
  echo "Stack up in $((SECONDS - STARTED)) s (cold start of three JVMs at once, no load)."
}
if [ "${BENCH_APPCDS:-}" = 1 ]; then
  # A training run: each JVM writes the classes it loaded (start, 15 s of the same load) to an archive when it
  # stops; every later start maps them instead of loading and verifying them again.
  for name in "${SERVICES[@]}"; do CDS[$name]="-XX:ArchiveClassesAtExit=$WORK/$name.jsa"; done
  start_all
  mkdir -p "$WORK/training"
  java -Xmx256m "$HERE/RestartLoad.java" 15 "$RATE" 300 0.05 "http://127.0.0.1:${API_PORT[ingest]}/twilio/messages" \
    "http://localhost:${API_PORT[ingest]}/twilio/messages" 0 "$WORK/training" >"$WORK/training.log" 2>&1 || die "training load failed"
  for name in "${SERVICES[@]}"; do stop_pid "${PID[$name]}" 60; done
  for name in "${SERVICES[@]}"; do
    [ -s "$WORK/$name.jsa" ] || die "no class archive written for $name: see $WORK/$name.log"
    CDS[$name]="-XX:SharedArchiveFile=$WORK/$name.jsa"
  done
  echo "AppCDS: archives written by a training run ($(du -ch "$WORK"/*.jsa | tail -1 | cut -f1)), used by every start from now on."
fi
start_all

# --- load -------------------------------------------------------------------------------------------------------
TOTAL=$((WARMUP + 5 * BACK_TIMEOUT + 30)) # at most; ended by a stop file after the last phase
probes=()
for name in "${SERVICES[@]}"; do
  probes+=("$name-ready=http://127.0.0.1:${MGMT_PORT[$name]}/q/health/ready"
    "$name-live=http://127.0.0.1:${MGMT_PORT[$name]}/q/health/live")
done
java -Xmx256m "$HERE/RestartLoad.java" "$TOTAL" "$RATE" 300 0.05 "http://127.0.0.1:${API_PORT[ingest]}/twilio/messages" \
  "http://localhost:${API_PORT[ingest]}/twilio/messages" "$API_RATE" "$WORK" "${probes[@]}" -- \
  "gateway-api=http://127.0.0.1:${API_PORT[gateway]}/api/campaigns" \
  "contacts-api=http://127.0.0.1:${API_PORT[contacts]}/api/contacts?q=a" >"$WORK/load.log" 2>&1 &
LOAD_PID=$!
echo "Load: $RATE signed webhooks/s (300 senders, 5 % resends), $API_RATE API GETs/s on gateway and contacts," \
  "readiness and liveness of each service every 100 ms (1 s timeout), for $TOTAL s."
sleep "$WARMUP"

PHASES="$WORK/phases.txt" # phase kill_ms restart_ms service accept_ms ready_ms
: >"$PHASES"
await_back() { # phase kill_ms restart_ms service: waits (at most BACK_TIMEOUT s) for the port and readiness
  local phase=$1 kill_ms=$2 restart_ms=$3 name=$4 accept="" up="" cpu="" limit=$(($(now_ms) + BACK_TIMEOUT * 1000))
  while [ "$(now_ms)" -lt "$limit" ]; do
    [ -z "$accept" ] && port_open "${API_PORT[$name]}" && accept=$(($(now_ms) - restart_ms))
    [ -n "$accept" ] && ready "$name" && { up=$(($(now_ms) - restart_ms)); cpu=$(cpu_ms "${PID[$name]}"); break; }
    sleep 0.1
  done
  echo "$phase $kill_ms $restart_ms $name ${accept:--1} ${up:--1} ${cpu:--1}" >>"$PHASES"
}
census() { # name pid: how many threads, how many Quarkus workers, how many of them BLOCKED or waiting on a monitor
  timeout 10 jcmd "$2" Thread.print 2>/dev/null | awk -v n="$1" '
    /^"/ { total++; worker = ($0 ~ /^"executor-thread/); workers += worker }
    /java.lang.Thread.State: BLOCKED/ { blocked++; if (worker) blockedWorkers++ }
    END { printf "%s 12 s after its restart: %d threads, %d Quarkus workers (executor-thread), %d BLOCKED (%d of them workers)\n",
      n, total, workers, blocked, blockedWorkers }'
}
phase_end() { # start_ms: sleeps out the rest of the phase
  local left=$(($1 + PHASE * 1000 - $(now_ms)))
  [ "$left" -gt 0 ] && sleep "$(awk -v l="$left" 'BEGIN { printf "%.3f", l / 1000 }')"
  return 0
}
for name in ingest gateway contacts; do
  start=$(now_ms)
  echo "[$(date -u +%T)] kill -9 $name, restart"
  kill -KILL "${PID[$name]}"
  wait "${PID[$name]}" 2>/dev/null || true
  restart=$(now_ms)
  start_service "$name"
  # The threads 12 s after the restart (the issue's dump showed a convoy of workers on a Jackson lock).
  (sleep 12 && census "$name" "${PID[$name]}" >"$WORK/census-$name.txt") &
  await_back "restart-$name" "$start" "$restart" "$name"
  phase_end "$start"
done

start=$(now_ms)
echo "[$(date -u +%T)] kill -9 broker, back after 10 s"
kill -KILL "${PID[kafka]}"
wait "${PID[kafka]}" 2>/dev/null || true
sleep 10
restart=$(now_ms)
start_broker
for name in "${SERVICES[@]}"; do await_back broker "$start" "$restart" "$name"; done
phase_end "$start"

start=$(now_ms)
echo "[$(date -u +%T)] kill -9 broker, kill -9 ingest and restart it cold; the broker back after 15 s"
kill -KILL "${PID[kafka]}"
wait "${PID[kafka]}" 2>/dev/null || true
kill -KILL "${PID[ingest]}"
wait "${PID[ingest]}" 2>/dev/null || true
start_service ingest
sleep 15
restart=$(now_ms)
start_broker
await_back cold-ingest-broker-down "$start" "$restart" ingest
phase_end "$start"

touch "$WORK/stop"
echo "[$(date -u +%T)] waiting for the load generator's last answers..."
wait "$LOAD_PID" || die "the load generator failed: $(tail -5 "$WORK/load.log")"
LOAD_PID=""
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- results ----------------------------------------------------------------------------------------------------
pct() { # file of numbers -> "p50 p99 max" (or "- - -")
  sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - -"; exit }
    i50 = int(0.5 * NR + 0.999); i99 = int(0.99 * NR + 0.999); print v[i50], v[i99], v[NR] }'
}
echo
echo "================================ SUMMARY ($STAMP) ================================"
echo "$(nproc) CPUs shared by the broker, PostgreSQL, three services, the load generator and other builds;"
echo "load after: $LOAD_AFTER (1/5/15 min). Times in ms. accept/ready: from the restart (process start; for the"
echo "broker phases from the broker's start) until the API port accepts / readiness answers UP; cpu: CPU time"
echo "(user + system, all threads) the service's process had used when readiness was UP (its whole life)."
echo
printf '%-24s %-9s %7s %7s %7s   %s\n' phase service accept ready cpu "webhooks sent in the 30 s from the kill"
while read -r phase kill_ms restart_ms name accept up cpu; do
  awk -v a="$kill_ms" -v b=$((kill_ms + 30000)) '$2 >= a && $2 < b' "$WORK/webhooks.log" >"$WORK/w.txt"
  awk '$4 > 0 { print $3 }' "$WORK/w.txt" >"$WORK/answered.txt"
  awk '$4 == 503 { print $3 }' "$WORK/w.txt" >"$WORK/503.txt"
  read -r p50 p99 max <<<"$(pct "$WORK/answered.txt")"
  read -r s50 s99 _ <<<"$(pct "$WORK/503.txt")"
  printf '%-24s %-9s %7s %7s %7s   %s\n' "$phase" "$name" "$accept" "$up" "$cpu" \
    "$(wc -l <"$WORK/w.txt") sent, $(awk '$4 == 0' "$WORK/w.txt" | wc -l) refused, $(awk '$4 == 200' "$WORK/w.txt" | wc -l) 200, answered p50/p99/max $p50/$p99/$max, $(wc -l <"$WORK/503.txt") 503 p50/p99 $s50/$s99, $(awk '$4 == -1 || $3 > 15000' "$WORK/w.txt" | wc -l) over 15 s"
done <"$PHASES"

echo
echo "readiness not UP (non-200, timeout or refused) in the $PHASE s from each phase's kill (ms from the kill to the last probe not UP,"
echo "and total ms of probes not UP: a probe every 100 ms):"
while read -r phase kill_ms _; do
  line="  $phase:"
  for name in "${SERVICES[@]}"; do
    line+=" $name $(awk -v n="$name-ready" -v a="$kill_ms" -v b=$((kill_ms + PHASE * 1000)) \
      '$1 == n && $2 >= a && $2 < b { if ($4 != 200) { down += 100; last = $2 - a } } END { printf "%d/%d", last, down }' \
      "$WORK/probes.log")"
  done
  echo "$line"
done < <(awk '!seen[$1]++' "$PHASES")

echo
echo "health checks answered (all phases; refused connections while a process was down left out): p50/p99/max ms,"
echo "over 200 ms, no answer within 1 s"
for name in "${SERVICES[@]}"; do
  for kind in ready live; do
    awk -v n="$name-$kind" '$1 == n && $4 > 0 { print $3 }' "$WORK/probes.log" >"$WORK/h.txt"
    read -r p50 p99 max <<<"$(pct "$WORK/h.txt")"
    printf '  %-16s %5s/%5s/%5s  %5d over 200 ms  %5d timed out  (of %d)\n' "$name-$kind" "$p50" "$p99" "$max" \
      "$(awk '$1 > 200' "$WORK/h.txt" | wc -l)" "$(awk -v n="$name-$kind" '$1 == n && $4 == -1' "$WORK/probes.log" | wc -l)" \
      "$(awk -v n="$name-$kind" '$1 == n' "$WORK/probes.log" | wc -l)"
  done
done
echo
cat "$WORK"/census-*.txt 2>/dev/null || true
echo
echo "API GETs (401 expected): $(awk '{ c[$4]++ } END { for (s in c) printf "%s:%d ", s, c[s] }' "$WORK/api.log")"
echo "webhooks, whole run: $(awk '{ c[$4]++ } END { for (s in c) printf "%s:%d ", s, c[s] }' "$WORK/webhooks.log")(status 0 = refused, -1 = no answer in 20 s)"
