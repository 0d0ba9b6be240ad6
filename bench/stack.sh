#!/usr/bin/env bash
# Whole-stack benchmark: the local run (run-local.sh: Keycloak, Kafka, the three services) fed signed inbound
# webhooks, measured from the webhook to the gateway's history and to the contact's timeline. Loopback only,
# bounded in time; stops everything it started, by PID.
#
#   bench/stack.sh
#
# What it does:
#   1. builds the services and test-support with `mvn package` (never `install`: ~/.m2 is left alone), so the
#      run measures the code checked out and run-local.sh finds every jar and builds nothing;
#   2. makes a fresh database sms_stack_bench (dropped and created again at every run: the local run's own
#      database is left alone) and starts run-local.sh against it, with a fresh Kafka data directory and a random
#      Twilio auth token of its own;
#   3. warm-up: BENCH_WARMUP_RATE texts/s for BENCH_WARMUP_SECONDS (not measured: the JVMs start cold);
#   4. steady: BENCH_RATE texts/s for BENCH_SECONDS (1,000/s for 60 s), paced by bench/SignedWebhooks.java;
#   5. burst: BENCH_BURST texts (50,000) as fast as BENCH_BURST_CONNECTIONS keep-alive connections take them;
#   after each phase it waits until every text answered 200 is in both tables, then reads from the database when
#   each text got there (the row's timestamp against the send time in its body, "bench <epoch-micros> <n>"), the
#   consumer groups' lag (bench/GroupLag.java, sampled every 200 ms) and the CPU time each process used
#   (/proc/<pid>/stat utime + stime) per text.
#
# Environment: BENCH_RATE (1000), BENCH_SECONDS (60), BENCH_BURST (50000), BENCH_BURST_CONNECTIONS (128),
# BENCH_WARMUP_RATE (500), BENCH_WARMUP_SECONDS (30), BENCH_DRAIN_TIMEOUT (600 s per phase),
# BENCH_SKIP_BUILD=1 (use the jars already built), SMS_DB_HOST/SMS_DB_PORT/SMS_DB_USER as for run-local.sh.
# The ports of run-local.sh must be free (no local run going). Output is also written to
# bench/results/<UTC time>.txt. Needs java 17+, maven, psql; nothing else.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
RATE="${BENCH_RATE:-1000}"
DURATION="${BENCH_SECONDS:-60}"
BURST="${BENCH_BURST:-50000}"
BURST_CONNECTIONS="${BENCH_BURST_CONNECTIONS:-128}"
WARMUP_RATE="${BENCH_WARMUP_RATE:-500}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-30}"
DRAIN_TIMEOUT="${BENCH_DRAIN_TIMEOUT:-600}"
# Requests in flight at most while pacing: far more than 1,000/s needs at a few ms each; a stack that answers
# slower than that makes the sender late, which is reported.
RATE_CONNECTIONS=256
MAX_SECONDS=3000 # the whole run, build and start included; a watchdog ends it after that
DB=sms_stack_bench
DB_HOST="${SMS_DB_HOST:-127.0.0.1}" DB_PORT="${SMS_DB_PORT:-5432}" DB_USER="${SMS_DB_USER:-postgres}"
PSQL=(psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -X -q -t -A -v ON_ERROR_STOP=1)
INGEST_URL="http://127.0.0.1:8083/twilio/messages"
SIGNED_URL="${SMS_INGEST_PUBLIC_URL:-http://localhost:8083}/twilio/messages" # what the service checks against
KAFKA_BOOTSTRAP="127.0.0.1:${KAFKA_PORT:-9092}"
HZ="$(getconf CLK_TCK)"

STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
mkdir -p "$HERE/results"
RESULT_FILE="$HERE/results/$STAMP.txt"
WORK="$(mktemp -d /tmp/stack-bench.XXXXXX)"
RUN_LOCAL_PID="" LAG_PID="" WATCHDOG_PID=""
declare -A PID=()
NAMES=(kafka contacts gateway ingest keycloak)

exec > >(tee "$RESULT_FILE") 2>&1

stop_pid() { # pid seconds: TERM, then KILL after that many seconds
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 1 $((2 * $2))); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$1" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$WATCHDOG_PID" ] && kill "$WATCHDOG_PID" 2>/dev/null
  [ -n "$LAG_PID" ] && stop_pid "$LAG_PID" 5
  if [ -n "$RUN_LOCAL_PID" ]; then
    echo "Stopping the stack (run-local.sh, PID $RUN_LOCAL_PID, stops what it started)..."
    stop_pid "$RUN_LOCAL_PID" 90
    wait "$RUN_LOCAL_PID" 2>/dev/null || true
    # Whatever run-local.sh left behind (it was killed, or a child ignored it): by the PIDs found at start.
    for name in "${!PID[@]}"; do stop_pid "${PID[$name]}" 20; done
  fi
  if [ "$rc" -ne 0 ]; then
    echo "FAILED (exit $rc). run-local.sh's output and the generators' are in $WORK; the services' logs in .local/logs/"
    mv "$RESULT_FILE" "${RESULT_FILE%.txt}-failed.txt" 2>/dev/null || true
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
  wait "$nap" && echo "bench/stack.sh: over $MAX_SECONDS s, stopping" && kill -TERM $$
) &
WATCHDOG_PID=$!

die() { echo "ERROR: $*" >&2; exit 1; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime, in clock ticks, every thread

echo "== whole-stack benchmark $STAMP"
echo "command: bench/stack.sh (BENCH_RATE=$RATE BENCH_SECONDS=$DURATION BENCH_BURST=$BURST" \
  "BENCH_BURST_CONNECTIONS=$BURST_CONNECTIONS BENCH_WARMUP_RATE=$WARMUP_RATE BENCH_WARMUP_SECONDS=$WARMUP_SECONDS)"
echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')" \
  " cpus: $(nproc)  java: $(java -version 2>&1 | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"

# --- build ----------------------------------------------------------------------------------------------------
MODULES=test-support,contacts-service,sms-gateway-service,webhook-ingest-service
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  echo "Building $MODULES (mvn package -DskipTests, offline first)..."
  (cd "$ROOT" && timeout 1500 mvn -B -q -o -pl "$MODULES" -am package -DskipTests >"$WORK/build.log" 2>&1) ||
    (cd "$ROOT" && timeout 1500 mvn -B -q -pl "$MODULES" -am package -DskipTests >>"$WORK/build.log" 2>&1) ||
    { tail -40 "$WORK/build.log"; die "the build failed: see $WORK/build.log"; }
fi
BROKER_CP="$(cat "$ROOT/test-support/target/broker.classpath")"

# --- database and stack ---------------------------------------------------------------------------------------
echo "Fresh database $DB on $DB_HOST:$DB_PORT..."
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
BENCH_TWILIO_AUTH_TOKEN="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export BENCH_TWILIO_AUTH_TOKEN # read by SignedWebhooks, never on a command line

echo "Starting the stack with run-local.sh (its output: $WORK/run-local.log)..."
SMS_DB_NAME="$DB" SMS_TWILIO_AUTH_TOKEN="$BENCH_TWILIO_AUTH_TOKEN" KAFKA_DIR="$WORK/kafka" START_TIMEOUT=540 \
  "$ROOT/run-local.sh" >"$WORK/run-local.log" 2>&1 &
RUN_LOCAL_PID=$!
STARTED=$SECONDS
until grep -q "The SMS platform is running" "$WORK/run-local.log"; do
  kill -0 "$RUN_LOCAL_PID" 2>/dev/null || { tail -20 "$WORK/run-local.log"; RUN_LOCAL_PID=""; die "run-local.sh ended"; }
  [ $((SECONDS - STARTED)) -lt 600 ] || { tail -20 "$WORK/run-local.log"; die "the stack is not up after 600 s"; }
  sleep 1
done
echo "The stack is up ($((SECONDS - STARTED)) s)."

descendants() { local p; for p in $(ps -o pid= --ppid "$1"); do echo "$p"; descendants "$p"; done; }
for p in $(descendants "$RUN_LOCAL_PID"); do
  argv0="$(tr '\0' '\n' <"/proc/$p/cmdline" 2>/dev/null | head -1)" || continue
  [[ $argv0 == java || $argv0 == */java ]] || continue # kc.sh is a shell whose child is Keycloak's JVM
  args="$(tr '\0' ' ' <"/proc/$p/cmdline")"
  case "$args" in
    *testsupport.LocalBroker*) PID[kafka]=$p ;;
    *contacts-service/target/*) PID[contacts]=$p ;;
    *sms-gateway-service/target/*) PID[gateway]=$p ;;
    *webhook-ingest-service/target/*) PID[ingest]=$p ;;
    *kc.home.dir*) PID[keycloak]=$p ;;
  esac
done
for name in "${NAMES[@]}"; do [ -n "${PID[$name]:-}" ] || die "no $name process among run-local.sh's children"; done
echo "PIDs: $(for name in "${NAMES[@]}"; do printf '%s=%s ' "$name" "${PID[$name]}"; done)"

timeout "$MAX_SECONDS" java -cp "$BROKER_CP" "$HERE/GroupLag.java" "$KAFKA_BOOTSTRAP" watch 200 "$MAX_SECONDS" \
  "$WORK/lag.txt" >"$WORK/lag.log" 2>&1 &
LAG_PID=$!

# --- phases ---------------------------------------------------------------------------------------------------
# Texts of phase k have n = k * 10,000,000 + i, so each phase's rows are told apart in the tables.
in_phase() { # column-expression-of-the-body -> SQL condition on n
  echo "split_part($1, ' ', 1) = 'bench' AND split_part($1, ' ', 3)::bigint BETWEEN $LO AND $HI"
}
arrived() { # -> "<rows in the gateway's history> <rows on the contacts' timelines>"
  "${PSQL[@]}" -d "$DB" -F ' ' -c "SELECT
      (SELECT count(*) FROM gateway.sms_messages WHERE direction = 'inbound' AND body LIKE 'bench %' AND $(in_phase body)),
      (SELECT count(*) FROM contacts.contact_activities WHERE kind = 'sms_received' AND summary LIKE 'bench %'
         AND $(in_phase summary))"
}

# The PostgreSQL backends serving the services (their connections to the bench's database; a backend that ends
# during a phase takes its CPU time with it, so this is a floor).
pg_backends() {
  "${PSQL[@]}" -d "$DB" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()
    AND backend_type = 'client backend'"
}

declare -A RESULT=()
run_phase() { # name index rate count concurrency
  local name=$1 index=$2 rate=$3 count=$4 connections=$5 out
  LO=$((index * 10000000)) HI=$((index * 10000000 + count - 1))
  echo
  echo "-- $name: $count signed webhooks, $([ "$rate" = 0 ] && echo "as fast as $connections connections take them" ||
    echo "$rate/s for $((count / rate)) s, at most $connections in flight")"
  declare -A cpu0=() pg0=()
  for n in "${NAMES[@]}"; do cpu0[$n]=$(ticks "${PID[$n]}"); done
  for p in $(pg_backends); do pg0[$p]=$(ticks "$p" 2>/dev/null || echo 0); done
  # Bounded: a phase is given 100 texts/s at the least (a paced phase whose stack answers slower than its rate
  # sends late, at the pace of the answers).
  timeout $((count / 100 + 180)) java -Xmx512m "$HERE/SignedWebhooks.java" "$INGEST_URL" "$SIGNED_URL" \
    "$rate" "$count" "$LO" "$connections" "$WORK/acked-$name.txt" >"$WORK/send-$name.out" 2>&1 ||
    { cat "$WORK/send-$name.out"; die "the load generator failed"; }
  out="$(grep '^RESULT ' "$WORK/send-$name.out" | cut -d' ' -f2-)"
  grep -v '^RESULT ' "$WORK/send-$name.out" || true
  echo "sent: $out"
  local ok; ok="$(get ok200 "$out")"
  local waited=$SECONDS rows
  while :; do
    rows="$(arrived)"
    [ "${rows% *}" -ge "$ok" ] && [ "${rows#* }" -ge "$ok" ] && break
    [ $((SECONDS - waited)) -lt "$DRAIN_TIMEOUT" ] || { echo "not drained after $DRAIN_TIMEOUT s: $rows of $ok"; break; }
    sleep 1
  done
  local cpu=""
  for n in "${NAMES[@]}"; do cpu+="cpu_$n=$(($(ticks "${PID[$n]}") - ${cpu0[$n]})) "; done
  local pg=0 t
  for p in $(pg_backends); do t=$(ticks "$p" 2>/dev/null) && pg=$((pg + t - ${pg0[$p]:-0})); done
  cpu+="cpu_postgres=$pg "
  RESULT[$name]="$out rows=${rows/ /,} $cpu"
  echo "arrived (gateway history, contact timelines): $rows of $ok answered 200"
}
get() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }

run_phase warmup 0 "$WARMUP_RATE" $((WARMUP_RATE * WARMUP_SECONDS)) "$RATE_CONNECTIONS"
sleep 5
run_phase steady 1 "$RATE" $((RATE * DURATION)) "$RATE_CONNECTIONS"
sleep 5
run_phase burst 2 0 "$BURST" "$BURST_CONNECTIONS"
sleep 3 # a few more lag samples
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
stop_pid "$LAG_PID" 5
LAG_PID=""
FINAL_LAG="$(timeout 60 java -cp "$BROKER_CP" "$HERE/GroupLag.java" "$KAFKA_BOOTSTRAP" once 2>"$WORK/lag-once.log")" ||
  FINAL_LAG="(could not read: $(tail -1 "$WORK/lag-once.log"))"

# --- results --------------------------------------------------------------------------------------------------
latencies() { # phase index, acked file, end_us -> one line per table
  local index=$1 acked=$2 end_us=$3
  LO=$((index * 10000000)) HI=$((index * 10000000 + 9999999))
  "${PSQL[@]}" -d "$DB" -F ' ' <<SQL
CREATE TEMP TABLE acked (n bigint PRIMARY KEY);
\copy acked FROM '$acked'
CREATE TEMP VIEW arrivals AS
  SELECT 'gateway-history' AS place, split_part(body, ' ', 3)::bigint AS n, updated_at AS at,
         extract(epoch FROM updated_at) * 1e6 - split_part(body, ' ', 2)::bigint AS us
  FROM gateway.sms_messages WHERE direction = 'inbound' AND body LIKE 'bench %' AND $(in_phase body)
  UNION ALL
  SELECT 'contact-timeline', split_part(summary, ' ', 3)::bigint, created_at,
         extract(epoch FROM created_at) * 1e6 - split_part(summary, ' ', 2)::bigint
  FROM contacts.contact_activities WHERE kind = 'sms_received' AND summary LIKE 'bench %' AND $(in_phase summary);
SELECT p.place,
       'rows=' || count(a.n), 'distinct=' || count(DISTINCT a.n),
       'missing=' || (SELECT count(*) FROM acked k WHERE NOT EXISTS (SELECT 1 FROM arrivals x WHERE x.place = p.place AND x.n = k.n)),
       'p50_ms=' || round((percentile_disc(0.5) WITHIN GROUP (ORDER BY a.us) / 1000)::numeric, 1),
       'p99_ms=' || round((percentile_disc(0.99) WITHIN GROUP (ORDER BY a.us) / 1000)::numeric, 1),
       'max_ms=' || round((max(a.us) / 1000)::numeric, 1),
       'last_after_end_ms=' || round(((extract(epoch FROM max(a.at)) * 1e6 - $end_us) / 1000)::numeric, 0)
FROM (VALUES ('gateway-history'), ('contact-timeline')) p(place) LEFT JOIN arrivals a ON a.place = p.place
GROUP BY p.place ORDER BY p.place DESC;
SQL
}
lag_after() { # end_us -> "<max total lag between start_us and end_us> <ms after end_us until the total lag was 0>"
  awk -v s="$(($1 / 1000))" -v e="$(($2 / 1000))" '{ t = $1; split($2, kv, "="); lag = kv[2] }
    t >= s && t <= e && lag > max { max = lag }
    t > e && zero == "" && lag == 0 { zero = t - e }
    END { printf "%d %s", max, (zero == "" ? "never" : zero) }' "$WORK/lag.txt"
}

echo
echo "================================ SUMMARY ($STAMP) ================================"
echo "$(nproc) CPUs shared by the stack, PostgreSQL, the load generator and whatever else runs here;"
echo "load after: $LOAD_AFTER (1/5/15 min). Latency: row timestamp (gateway sms_messages.updated_at, set as the"
echo "consumer takes the text; contacts contact_activities.created_at, now() of the storing transaction) minus the"
echo "send time in the body. CPU: utime + stime of each process from the phase's start until every text was stored."
for phase in steady burst; do
  r="${RESULT[$phase]}"
  index=$([ "$phase" = steady ] && echo 1 || echo 2)
  read -r lag_max lag_zero <<<"$(lag_after "$(get start_us "$r")" "$(get end_us "$r")")"
  echo
  echo "[$phase] sent $(get sent "$r") in $(get send_seconds "$r") s = $(get send_rate "$r")/s;" \
    "answered 200: $(get ok200 "$r"), other: $(get other "$r"), failed: $(get errors "$r"), unanswered: $(get unanswered "$r")"
  echo "  webhook answer: p50 $(get http_p50_ms "$r") ms, p99 $(get http_p99_ms "$r") ms, max $(get http_max_ms "$r") ms;" \
    "sender late by at most $(get late_max_ms "$r") ms"
  latencies "$index" "$WORK/acked-$phase.txt" "$(get end_us "$r")" | tee "$WORK/lat-$phase.txt" | sed 's/^/  /'
  total_us=0
  line="  CPU per text (us):"
  for n in "${NAMES[@]}"; do
    us=$(awk -v t="$(get "cpu_$n" "$r")" -v hz="$HZ" -v k="$(get ok200 "$r")" 'BEGIN { printf "%.0f", 1e6 * t / hz / (k > 0 ? k : 1) }')
    line+=" $n $us"
    total_us=$((total_us + us))
  done
  echo "$line; sum $total_us (PostgreSQL's backends, not in the sum:" \
    "$(awk -v t="$(get cpu_postgres "$r")" -v hz="$HZ" -v k="$(get ok200 "$r")" 'BEGIN { printf "%.0f", 1e6 * t / hz / (k > 0 ? k : 1) }'))"
  echo "  consumer lag (committed offsets, all groups): at most $lag_max during the load, 0 again $lag_zero ms after it"
  RESULT[$phase]+=" cpu_sum_us=$total_us lag_zero_ms=$lag_zero"
done
echo
echo "consumer groups at the end:"
echo "$FINAL_LAG" | sed 's/^/  /'

# --- goals (issue 15) -----------------------------------------------------------------------------------------
verdict() { if [ "$1" = 1 ]; then echo "MET"; else echo "NOT MET"; fi; }
S="${RESULT[steady]}" B="${RESULT[burst]}"
field() { sed -n "s/^$2 .*\b$3=\([^ ]*\).*/\1/p" "$WORK/lat-$1.txt"; } # phase place key
ok_rate=$(awk -v r="$(get send_rate "$S")" -v want="$RATE" -v ok="$(get ok200 "$S")" -v n="$(get sent "$S")" \
  'BEGIN { print (r >= 0.99 * want && ok == n) ? 1 : 0 }')
p99=$(field steady contact-timeline p99_ms)
keep=$(awk -v a="$(field steady gateway-history last_after_end_ms)" -v b="$(field steady contact-timeline last_after_end_ms)" \
  'BEGIN { print (a <= 1000 && b <= 1000) ? 1 : 0 }')
lost=$(($(field burst gateway-history missing) + $(field burst contact-timeline missing)))
burst_ok=$(awk -v ok="$(get ok200 "$B")" -v n="$(get sent "$B")" -v l="$lost" 'BEGIN { print (ok == n && l == 0) ? 1 : 0 }')
cpu_ok=$(awk -v c="$(get cpu_sum_us "$S")" 'BEGIN { print c <= 1000 ? 1 : 0 }')
lag_ok=$(awk -v a="$(get lag_zero_ms "$S")" -v b="$(get lag_zero_ms "$B")" \
  'BEGIN { print (a != "never" && b != "never" && a <= 1000 && b <= 1000) ? 1 : 0 }')
echo
echo "goals (issue 15):"
echo "  >= $RATE texts/s sustained ${DURATION} s, every webhook answered 200 : $(verdict "$ok_rate") ($(get send_rate "$S")/s, $(get ok200 "$S") of $(get sent "$S"))"
echo "  webhook -> contact timeline p99 <= 100 ms                  : $(verdict "$(awk -v p="$p99" 'BEGIN { print (p != "" && p <= 100) ? 1 : 0 }')") (p99 $p99 ms)"
echo "  every consumer keeping up (last text stored <= 1 s after the last send): $(verdict "$keep")" \
  "(history +$(field steady gateway-history last_after_end_ms) ms, timeline +$(field steady contact-timeline last_after_end_ms) ms)"
echo "  $BURST burst drained, nothing lost                         : $(verdict "$burst_ok") ($(get ok200 "$B") answered 200, $lost missing;" \
  "drained +$(field burst contact-timeline last_after_end_ms) ms after the last answer)"
echo "  CPU per inbound text, summed <= 1 ms                        : $(verdict "$cpu_ok") ($(get cpu_sum_us "$S") us at $RATE/s; burst $(get cpu_sum_us "$B") us)"
echo "  lag back to 0 within 1 s after the load stops               : $(verdict "$lag_ok") (steady $(get lag_zero_ms "$S") ms, burst $(get lag_zero_ms "$B") ms)"
