#!/usr/bin/env bash
# Benchmark of webhook-ingest-service on this machine, loopback only, bounded in time.
#
# Measures signed inbound webhooks (POST /twilio/messages: signature check, parsing, mapping, and
# the 200 only after Kafka acknowledged the event with acks=all) against a baseline measured in
# the same run: the bare no-op endpoint of the same service (POST /twilio/noop, which exists only in
# the bench build, mvn -Pbench, built into target/bench; the production jar has no such class). wrk
# rotates pre-signed requests, each with its own
# MessageSid. Afterwards it reads sms.inbound.v1 and checks that every request answered 200 is
# there. It starts its own Kafka broker (in-JVM KRaft, test-support's StandaloneBroker) and the
# service on a free port with a random auth token, and stops both when it ends.
#
#   webhook-ingest-service/bench/ingest.sh [seconds-per-run=15] [connections=256] [wrk-threads=2]
#
# Throughput is what each endpoint sustains with the CPUs saturated, hence 256 connections by default:
# with 32, the signed endpoint is bound by the Kafka round trip (CPUs partly idle) rather than by its
# cost; run it with 32 as well to see latency at light load.
#
# Quick form (about 2 minutes, for a smoke test rather than a figure to compare):
#   BENCH_ROUNDS=1 BENCH_WARMUP_SECONDS=20 BENCH_REQUESTS_PER_RUN=200000 webhook-ingest-service/bench/ingest.sh 10
#
# Environment: BENCH_ROUNDS (2; each round measures bare and signed once, alternating the order),
# BENCH_WARMUP_SECONDS (90 for the signed endpoint, then 20 s of the bare one: on 2 cores C2
# keeps compiling the Kafka client's and Jackson's hot paths for over a minute), BENCH_REQUESTS_PER_RUN (900000 distinct pre-signed requests
# per signed run, half that for the warm-up; a run that sends more reuses MessageSids and says so).
# BENCH_JAVA_OPTS, BENCH_BROKER_JAVA_OPTS: extra JVM options for the service and for the broker
# (e.g. -XX:StartFlightRecording=... to profile).
# Output is also written to bench/results/<UTC time>.txt. Needs java 17+, python3, curl; installs wrk
# with apt-get if missing (as root, or through sudo).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
MODULE="$(dirname "$HERE")"
ROOT="$(dirname "$MODULE")"
DURATION="${1:-15}"
CONNECTIONS="${2:-256}"
THREADS="${3:-2}"
ROUNDS="${BENCH_ROUNDS:-2}"
WARMUP="${BENCH_WARMUP_SECONDS:-90}"
PER_RUN="${BENCH_REQUESTS_PER_RUN:-900000}"
M2="${MAVEN_REPO:-$HOME/.m2/repository}"
# The bench build's own output (pom.xml, profile bench): never target/quarkus-app.
JAR="$MODULE/target/bench/quarkus-app/quarkus-run.jar"

STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
mkdir -p "$HERE/results"
RESULT_FILE="$HERE/results/$STAMP.txt"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
  if [ "$rc" -ne 0 ] && [ -f "$RESULT_FILE" ]; then
    mv "$RESULT_FILE" "${RESULT_FILE%.txt}-failed.txt"
    echo "FAILED (exit $rc); output kept in ${RESULT_FILE%.txt}-failed.txt" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
exec > >(tee "$RESULT_FILE") 2>&1

die() { echo "ERROR: $*" >&2; exit 1; }

# --- tools and artifacts ----------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  echo "Installing wrk..."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi
# Always built, so the run measures the code checked out (incremental: fast when nothing changed).
(cd "$ROOT" && mvn -o -B -q -pl webhook-ingest-service -Pbench package -DskipTests)
[ -f "$ROOT/test-support/target/broker.classpath" ] ||
  (cd "$ROOT" && mvn -o -B -q -pl test-support dependency:build-classpath -Dmdep.outputFile=target/broker.classpath)
BROKER_CP="$(cat "$ROOT/test-support/target/broker.classpath"):$M2/com/example/crm/sms/test-support/1.0.0-SNAPSHOT/test-support-1.0.0-SNAPSHOT.jar:$M2/com/example/crm/sms/sms-events/1.0.0-SNAPSHOT/sms-events-1.0.0-SNAPSHOT.jar"

echo "== webhook-ingest-service benchmark $STAMP"
echo "command: webhook-ingest-service/bench/ingest.sh $DURATION $CONNECTIONS $THREADS (BENCH_ROUNDS=$ROUNDS BENCH_WARMUP_SECONDS=$WARMUP BENCH_REQUESTS_PER_RUN=$PER_RUN)"
echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')  cpus: $(nproc)  $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)  java: $(java -version 2>&1 | head -1)"
echo "service settings from the environment: $(env | grep -E '^(KAFKA_|SMS_INGEST_|SMS_PHONE_|SMS_TWILIO_SIGNATURE)' | sort | tr '\n' ' ')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"
echo "busiest processes now (the machine is shared; top's %CPU, 100 = one core):"
top -b -n 2 -d 1 -o %CPU -w 120 2>/dev/null |
  awk '/^ *PID /{ frame++; n = 0; next } frame == 2 && n++ < 5 { printf "   %6s %s\n", $9, $12 }' || true

# --- broker and service -----------------------------------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
# Health and metrics are on the management interface, a port of its own.
MANAGEMENT_PORT="$(free_port)"
MANAGEMENT="http://127.0.0.1:$MANAGEMENT_PORT"
# A random token per run, only in the environment of the service and of the signer.
BENCH_TWILIO_AUTH_TOKEN="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
export BENCH_TWILIO_AUTH_TOKEN

echo "Starting Kafka (KRaft, in its own JVM)..."
java -Xmx768m ${BENCH_BROKER_JAVA_OPTS:-} -cp "$BROKER_CP" com.example.crm.sms.testsupport.StandaloneBroker "$WORK/bootstrap" \
  >"$WORK/broker.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do
  [ -s "$WORK/bootstrap" ] && break
  kill -0 "${PIDS[0]}" 2>/dev/null || break
  sleep 1
done
[ -s "$WORK/bootstrap" ] || { tail -30 "$WORK/broker.log"; die "the broker did not start"; }
BOOTSTRAP="$(cat "$WORK/bootstrap")"

echo "Starting webhook-ingest-service on $BASE (broker $BOOTSTRAP)..."
env SMS_TWILIO_AUTH_TOKEN="$BENCH_TWILIO_AUTH_TOKEN" SMS_INGEST_PUBLIC_URL="$BASE" \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$PORT" KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" \
  QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" \
  QUARKUS_LOG_LEVEL=WARN java -Xmx512m ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$WORK/ingest.log" 2>&1 &
PIDS+=($!)

echo "Pre-signing requests (1 check + $((PER_RUN / 2)) warm-up + $ROUNDS x $PER_RUN)..."
python3 "$HERE/sign_requests.py" "$BASE/twilio/messages" 1 "$WORK/check.txt"
python3 "$HERE/sign_requests.py" "$BASE/twilio/messages" "$((PER_RUN / 2))" "$WORK/warmup.txt"
for r in $(seq 1 "$ROUNDS"); do
  python3 "$HERE/sign_requests.py" "$BASE/twilio/messages" "$PER_RUN" "$WORK/round$r.txt"
done

for _ in $(seq 1 90); do
  curl -fs "$MANAGEMENT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "${PIDS[1]}" 2>/dev/null || break
  sleep 1
done
curl -fs "$MANAGEMENT/q/health/ready" >/dev/null || { tail -30 "$WORK/ingest.log"; die "the service did not get ready"; }

post_check() { # path -> HTTP status of the pre-signed check request
  local line sig body
  line="$(head -1 "$WORK/check.txt")"; sig="${line%% *}"; body="${line#* }"
  curl -s -o /dev/null -w '%{http_code}' -X POST -H "Content-Type: application/x-www-form-urlencoded" \
    -H "X-Twilio-Signature: $sig" --data-binary "$body" "$BASE$1"
}
[ "$(post_check /twilio/noop)" = 200 ] ||
  die "POST /twilio/noop is not 200: $JAR is not a bench build (mvn -o -pl webhook-ingest-service -Pbench package -DskipTests)"
[ "$(post_check /twilio/messages)" = 200 ] || die "a signed webhook was not accepted (see the service log)"
CHECK_OK=1

# --- load ---------------------------------------------------------------------------------------
: >"$WORK/results"
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
cpu_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8, $5 + $6 }' /proc/stat; } # all idle
run() { # label file path seconds
  local svc0 brk0 all0 idle0 all1 idle1
  svc0="$(cpu_seconds "${PIDS[1]}")"; brk0="$(cpu_seconds "${PIDS[0]}")"
  read -r all0 idle0 <<<"$(cpu_ticks)"
  echo
  echo "-- $1: wrk -t$THREADS -c$CONNECTIONS -d${4}s --timeout 10s --latency $BASE$3"
  local ready; ready="$(mktemp -d -p "$WORK")"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${4}s" --timeout 10s --latency -s "$HERE/rotate.lua" "$BASE" \
    -- "$2" "$3" "$THREADS" "$ready" | tee "$WORK/out"
  read -r all1 idle1 <<<"$(cpu_ticks)"
  # CPU time the service and the broker used during the run (all their threads), to tell CPU from
  # waiting; and how idle the machine's CPUs were (near 0: the run was CPU-bound).
  echo "$1 $(grep '^RESULT ' "$WORK/out" | cut -d' ' -f2-)" \
    "idle_pct=$(awk -v a="$all0" -v b="$all1" -v i="$idle0" -v j="$idle1" 'BEGIN { printf "%.0f", 100 * (j - i) / (b - a) }')" \
    "svc_cpu=$(awk -v a="$svc0" -v b="$(cpu_seconds "${PIDS[1]}")" 'BEGIN { printf "%.2f", b - a }')" \
    "broker_cpu=$(awk -v a="$brk0" -v b="$(cpu_seconds "${PIDS[0]}")" 'BEGIN { printf "%.2f", b - a }')" >>"$WORK/results"
}
run warmup-signed "$WORK/warmup.txt" /twilio/messages "$WARMUP"
run warmup-bare "$WORK/warmup.txt" /twilio/noop 20
sleep 10 # let the compiler finish what the warm-ups queued
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) -eq 1 ]; then
    run "signed-$r" "$WORK/round$r.txt" /twilio/messages "$DURATION"
    run "bare-$r" "$WORK/round$r.txt" /twilio/noop "$DURATION"
  else
    run "bare-$r" "$WORK/round$r.txt" /twilio/noop "$DURATION"
    run "signed-$r" "$WORK/round$r.txt" /twilio/messages "$DURATION"
  fi
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
# The service's own measure of the time from handing an event to the producer until Kafka acked it.
curl -fs "$MANAGEMENT/q/metrics" >"$WORK/metrics" || true
PRODUCER="$(grep -E '^kafka_producer_(request_latency_avg|record_queue_time_avg|records_per_request_avg|batch_size_avg|requests_in_flight)\{' "$WORK/metrics" |
  grep 'client_id="webhook-ingest-service"' | sed -E 's/^kafka_producer_([a-z_]+)\{.*\} /\1=/' | tr '\n' ' ' || true)"
PUBLISH="$(cat "$WORK/metrics" | awk '/^sms_ingest_kafka_publish_seconds_(sum|count)\{/ && /outcome="acked"/ && /topic="sms.inbound.v1"/ {
    if ($1 ~ /_sum/) s += $2; else c += $2 } END { if (c > 0) printf "%d events, mean %.2f ms", c, 1000 * s / c }')"

# --- Kafka: every 200 must be on sms.inbound.v1 ------------------------------------------------
echo
echo "Reading sms.inbound.v1..."
KAFKA="$(timeout 180 java -cp "$BROKER_CP" "$HERE/CountRecords.java" "$BOOTSTRAP" sms.inbound.v1 2>"$WORK/count.log" | tail -1)" ||
  { cat "$WORK/count.log"; die "could not read sms.inbound.v1"; }
echo "$KAFKA"

# --- summary ------------------------------------------------------------------------------------
get() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
echo
echo "================================ SUMMARY ($STAMP) ================================"
echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s per run, $ROUNDS rounds after warm-ups (signed ${WARMUP}s, bare 20 s); loopback; $(nproc) CPUs shared"
echo "by wrk, the service, the broker and whatever else runs here; load before: see top, after: $LOAD_AFTER"
echo "(svc/broker us/req: CPU time the service / the broker used per request answered, all threads;"
echo " idle%: share of the machine's CPU time left idle during the run)"
printf '%-13s %9s %9s %8s %8s %8s %6s %6s %7s %8s %8s %5s\n' run requests rps p50_ms p99_ms ok200 other errors reused svc_us/req brk_us/req idle%
while read -r label rest; do
  printf '%-13s %9s %9s %8s %8s %8s %6s %6s %7s %8s %8s %5s\n' "$label" "$(get requests "$rest")" "$(get rps "$rest")" \
    "$(get p50_ms "$rest")" "$(get p99_ms "$rest")" "$(get ok200 "$rest")" "$(get other "$rest")" \
    "$(($(get socket_errors "$rest") + $(get timeouts "$rest")))" "$(get reused_sids "$rest")" \
    "$(awk -v c="$(get svc_cpu "$rest")" -v n="$(get requests "$rest")" 'BEGIN { printf "%.0f", 1e6 * c / n }')" \
    "$(awk -v c="$(get broker_cpu "$rest")" -v n="$(get requests "$rest")" 'BEGIN { printf "%.0f", 1e6 * c / n }')" \
    "$(get idle_pct "$rest")"
done <"$WORK/results"
agg() { # prefix -> "requests seconds mean_p50 mean_p99"
  awk -v p="$1" '$1 ~ "^"p"-[0-9]" {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      req += v["requests"]; sec += v["seconds"]; p50 += v["p50_ms"]; p99 += v["p99_ms"]; n++ }
    END { printf "%d %.2f %.2f %.2f", req, sec, p50 / n, p99 / n }' "$WORK/results"
}
read -r S_REQ S_SEC S_P50 S_P99 <<<"$(agg signed)"
read -r B_REQ B_SEC B_P50 B_P99 <<<"$(agg bare)"
S_RPS="$(awk -v r="$S_REQ" -v s="$S_SEC" 'BEGIN { printf "%.0f", r / s }')"
B_RPS="$(awk -v r="$B_REQ" -v s="$B_SEC" 'BEGIN { printf "%.0f", r / s }')"
RATIO="$(awk -v a="$S_RPS" -v b="$B_RPS" 'BEGIN { printf "%.2f", a / b }')"
echo
echo "measured rounds together (throughput = all requests / all seconds; latency = mean of the rounds):"
echo "  signed POST /twilio/messages : $S_RPS req/s, p50 $S_P50 ms, p99 $S_P99 ms"
echo "  bare   POST /twilio/noop     : $B_RPS req/s, p50 $B_P50 ms, p99 $B_P99 ms"
echo "  Kafka acknowledgement inside the signed requests (service metric, warm-up included): ${PUBLISH:-n/a}"
echo "  inbound producer (Kafka client metrics at the end): ${PRODUCER:-n/a}"
echo "  ratio signed/bare throughput : $RATIO (aim: >= 0.50) -> $(awk -v r="$RATIO" 'BEGIN { print (r >= 0.5 ? "MET" : "NOT MET") }')"

OK_TOTAL="$(awk -v c="$CHECK_OK" '$1 ~ /^(warmup-)?signed/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "ok200") s += kv[2] } }
  END { print s + c }' "$WORK/results")"
NOT_OK="$(awk '$1 ~ /^(warmup-)?signed/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "other" || kv[1] == "socket_errors" || kv[1] == "timeouts") s += kv[2] } }
  END { print s + 0 }' "$WORK/results")"
RECORDS="$(get records "$KAFKA")"
SIDS="$(get distinct_message_sids "$KAFKA")"
echo
echo "Kafka: signed webhooks answered 200 (warm-up + rounds + 1 check): $OK_TOTAL; not 200 or failed: $NOT_OK"
echo "       records on sms.inbound.v1: ${RECORDS:-?}, distinct MessageSids among them: ${SIDS:-?}"
if [ -n "$RECORDS" ] && [ "$RECORDS" -ge "$OK_TOTAL" ]; then
  echo "       every 200 acknowledged by Kafka: YES (records >= 200 answers)"
  echo "       (records beyond the 200s: requests still in flight when wrk stopped, published but never counted)"
else
  echo "       every 200 acknowledged by Kafka: NO"
  exit 2
fi
