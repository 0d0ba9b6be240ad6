# Sourced by chaos/run.sh once the load is over: waits until what was accepted is applied (or DRAIN_TIMEOUT), then
# checks it from PostgreSQL and the fake Twilio's record, and prints a table per fault and `N passed, N failed`.
DRAIN_TIMEOUT="${CHAOS_DRAIN_TIMEOUT:-$($SHORT && echo 60 || echo 180)}"
Q() { "${PSQL[@]}" -d "$DB" -F $'\t' "$@"; }

Q <<SQL
DROP SCHEMA IF EXISTS chaos CASCADE;
CREATE SCHEMA chaos;
CREATE TABLE chaos.requests (kind text, t bigint, ms bigint, status int, key text, id text, rep int, attempts int, error text);
CREATE TABLE chaos.creates (t bigint, sid text, to_number text, body text);
CREATE TABLE chaos.faults (name text, t0 bigint, t1 bigint);
CREATE TABLE chaos.measures (fault text, what text, value bigint);
\copy chaos.requests FROM '$RUN/requests.tsv'
\copy chaos.faults FROM '$RUN/faults.tsv'
\copy chaos.measures FROM '$RUN/measures.tsv'
CREATE INDEX ON chaos.requests (kind, status);
CREATE INDEX ON chaos.requests (key);
-- The check's own copy of the database: indexes for its lookups, and statistics, or the planner nests loops
-- over tens of thousands of rows (the first full run spent minutes on one check).
CREATE INDEX ON contacts.contact_activities (message_sid);
CREATE INDEX ON chaos.creates (body);
ANALYZE chaos.requests;
CREATE VIEW chaos.accepted_sends AS
  SELECT key, min(id) AS id, count(DISTINCT id) AS ids FROM chaos.requests WHERE kind = 'send' AND status = 202 GROUP BY key;
CREATE VIEW chaos.missing AS
  SELECT 'inbound not in the gateway' AS what, count(*) AS n FROM (SELECT DISTINCT key FROM chaos.requests
    WHERE kind = 'inbound' AND status = 200) a
    WHERE NOT EXISTS (SELECT 1 FROM gateway.sms_messages m WHERE m.message_sid = a.key AND m.direction = 'inbound')
  UNION ALL
  SELECT 'inbound not on a contact timeline', count(*) FROM (SELECT DISTINCT key FROM chaos.requests
    WHERE kind = 'inbound' AND status = 200) a
    WHERE NOT EXISTS (SELECT 1 FROM contacts.contact_activities c WHERE c.message_sid = a.key AND c.kind = 'sms_received')
  UNION ALL
  SELECT 'status callback not in the history', count(*) FROM (SELECT DISTINCT key FROM chaos.requests
    WHERE kind = 'status' AND status = 200) a
    WHERE NOT EXISTS (SELECT 1 FROM gateway.message_status_history h
      WHERE h.message_sid = split_part(a.key, ':', 1) AND h.status = split_part(a.key, ':', 2))
  UNION ALL
  SELECT 'accepted send not created at Twilio', count(*) FROM chaos.accepted_sends s
    WHERE NOT EXISTS (SELECT 1 FROM chaos.creates c WHERE c.body = 'chaos out ' || s.key);
SQL

reload_creates() { Q -c "TRUNCATE chaos.creates" -c "\\copy chaos.creates FROM '$RUN/creates.tsv'" -c "ANALYZE chaos.creates"; }
say "Draining: waiting (at most $DRAIN_TIMEOUT s) until every text and callback answered 200 is stored and every send answered 202 created at the fake Twilio..."
drain_start=$SECONDS
while :; do
  reload_creates
  left="$(Q -c "SELECT coalesce(sum(n), 0) FROM chaos.missing")"
  [ "$left" = 0 ] && break
  [ $((SECONDS - drain_start)) -lt "$DRAIN_TIMEOUT" ] || { say "not drained after $DRAIN_TIMEOUT s: $left left"; break; }
  sleep 2
done
say "Drained in $((SECONDS - drain_start)) s."
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "================================ RESULT ($STAMP) ================================"
echo "command: chaos/run.sh $($SHORT && echo --short)  load: $WEBHOOKS_PER_S inbound texts/s + status callbacks, $SENDS_PER_S sends/s;" \
  "load average after: $LOAD_AFTER"
echo
echo "requests by kind and answer:"
Q -c "SELECT kind, status, count(*), 'p50_ms=' || percentile_disc(0.5) WITHIN GROUP (ORDER BY ms),
        'p99_ms=' || percentile_disc(0.99) WITHIN GROUP (ORDER BY ms), 'max_ms=' || max(ms)
      FROM chaos.requests GROUP BY 1, 2 ORDER BY 1, 2" | sed 's/^/  /'
echo
# A fault's window: from its start to the next fault's start (the last: to the end of the load).
Q <<'SQL' >/dev/null
CREATE VIEW chaos.windows AS
  SELECT name, t0, t1, coalesce(lead(t0) OVER (ORDER BY t0), (SELECT max(t + ms) FROM chaos.requests) + 1) AS t_next
  FROM chaos.faults;
CREATE VIEW chaos.per_fault AS
  SELECT w.name, w.t0, w.t1,
    count(r.*) AS requests,
    count(*) FILTER (WHERE r.status IN (200, 202)) AS ok,
    count(*) FILTER (WHERE r.status = 503) AS s503,
    count(*) FILTER (WHERE r.status >= 500 AND r.status <> 503) AS s5xx,
    count(*) FILTER (WHERE r.status = 0) AS none,
    count(*) FILTER (WHERE r.status BETWEEN 300 AND 499) AS s4xx,
    count(*) FILTER (WHERE r.kind <> 'send' AND r.status <> 200) AS webhook_failed,
    count(*) FILTER (WHERE r.status >= 500) AS any5xx,
    count(*) FILTER (WHERE r.status = 0 AND r.t > w.t0 + 2000) AS none_late,
    count(*) FILTER (WHERE r.attempts > 1) AS retried,
    percentile_disc(0.5) WITHIN GROUP (ORDER BY r.ms) FILTER (WHERE r.status = 503) AS p50_503,
    percentile_disc(0.99) WITHIN GROUP (ORDER BY r.ms) FILTER (WHERE r.status = 503) AS p99_503,
    max(r.t + r.ms) FILTER (WHERE r.status NOT IN (200, 202)) - w.t0 AS last_failure_ms
  FROM chaos.windows w LEFT JOIN chaos.requests r ON r.t >= w.t0 AND r.t < w.t_next
  GROUP BY w.name, w.t0, w.t1;
SQL
echo "per fault (window: from its start to the next one's; recovery = last failed answer after the fault's start):"
printf '  %-26s %7s %8s %6s %5s %5s %5s %5s %8s %14s %10s\n' fault window_s requests 2xx 503 5xx none 4xx retried \
  "503_p50/p99_ms" recovery_s
Q -c "SELECT name, round((t_next - t0) / 1000.0, 1), requests, ok, s503, s5xx, none, s4xx, retried,
        coalesce(p50_503::text, '-') || '/' || coalesce(p99_503::text, '-'),
        coalesce(round(last_failure_ms / 1000.0, 1)::text, '0 (none failed)')
      FROM chaos.per_fault JOIN chaos.windows USING (name, t0, t1) ORDER BY t0" |
  while IFS=$'\t' read -r a b c d e f g h i j k; do
    printf '  %-26s %7s %8s %6s %5s %5s %5s %5s %8s %14s %10s\n' "$a" "$b" "$c" "$d" "$e" "$f" "$g" "$h" "$i" "$j" "$k"
  done
echo
echo "measured during the faults:"
Q -c "SELECT fault, what, value FROM chaos.measures ORDER BY fault" | sed 's/\t/: /; s/\t/ = /; s/^/  /'
echo
echo "no answer (connection failed after the one retry), first of each kind of error:"
Q -c "SELECT kind, error, count(*) FROM chaos.requests WHERE status = 0 GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 8" | sed 's/^/  /'
echo "answers other than 200/202/503 (first 8):"
Q -c "SELECT kind, status, count(*) FROM chaos.requests WHERE status NOT IN (0, 200, 202, 503) GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 8" |
  sed 's/^/  /'

# --- checks ----------------------------------------------------------------------------------------------------
PASSED=0 FAILED=0
check() { # name condition-sql detail-sql
  local ok detail
  ok="$(Q -c "SELECT ($2)::boolean")"
  detail="$(Q -c "SELECT $3")"
  if [ "$ok" = t ]; then PASSED=$((PASSED + 1)); echo "  PASS  $1 ($detail)"; else FAILED=$((FAILED + 1)); echo "  FAIL  $1 ($detail)"; fi
}
fault_check() { # fault name condition-on-per_fault detail-on-per_fault
  if [ -n "$(Q -c "SELECT 1 FROM chaos.faults WHERE name = '$1'")" ]; then
    check "$1: $2" "SELECT $3 FROM chaos.per_fault WHERE name = '$1'" "$4 FROM chaos.per_fault WHERE name = '$1'"
  fi
}
measure_check() { # fault what-like max-ms
  if [ -n "$(Q -c "SELECT 1 FROM chaos.measures WHERE fault = '$1' AND what LIKE '$2'")" ]; then
    check "$1: $2 <= $3 ms" "SELECT max(value) <= $3 FROM chaos.measures WHERE fault = '$1' AND what LIKE '$2'" \
      "string_agg(value || ' ms', ', ') FROM chaos.measures WHERE fault = '$1' AND what LIKE '$2'"
  fi
}
echo
echo "checks:"
check "every inbound text answered 200 is in the gateway once and on a contact timeline once" \
  "SELECT (SELECT sum(n) FROM chaos.missing WHERE what LIKE 'inbound%') = 0
     AND NOT EXISTS (SELECT 1 FROM contacts.contact_activities WHERE kind = 'sms_received' GROUP BY message_sid HAVING count(*) > 1)
     AND NOT EXISTS (SELECT 1 FROM gateway.sms_messages WHERE direction = 'inbound' GROUP BY message_sid HAVING count(*) > 1)" \
  "'answered 200: ' || (SELECT count(DISTINCT key) FROM chaos.requests WHERE kind = 'inbound' AND status = 200)
     || ', of them repeats: ' || (SELECT count(*) FROM chaos.requests WHERE kind = 'inbound' AND status = 200 AND rep = 1)
     || '; missing: ' || (SELECT string_agg(what || ' ' || n, ', ') FROM chaos.missing WHERE what LIKE 'inbound%')
     || '; stored twice: ' || (SELECT count(*) FROM (SELECT 1 FROM contacts.contact_activities WHERE kind = 'sms_received'
          GROUP BY message_sid HAVING count(*) > 1) d)"
check "every status callback answered 200 is in the gateway's history once" \
  "SELECT (SELECT n FROM chaos.missing WHERE what LIKE 'status%') = 0" \
  "'answered 200: ' || (SELECT count(DISTINCT key) FROM chaos.requests WHERE kind = 'status' AND status = 200)
     || '; missing: ' || (SELECT n FROM chaos.missing WHERE what LIKE 'status%')"
check "every send answered 202 is one message, the same for each repeat of its Idempotency-Key" \
  "SELECT NOT EXISTS (SELECT 1 FROM chaos.accepted_sends WHERE ids > 1)
     AND NOT EXISTS (SELECT 1 FROM chaos.accepted_sends s WHERE NOT EXISTS (SELECT 1 FROM gateway.sms_messages m WHERE m.id::text = s.id))" \
  "'keys answered 202: ' || (SELECT count(*) FROM chaos.accepted_sends) || ', repeats answered 202: '
     || (SELECT count(*) FROM chaos.requests WHERE kind = 'send' AND status = 202 AND rep = 1)
     || '; keys with two message ids: ' || (SELECT count(*) FROM chaos.accepted_sends WHERE ids > 1)"
check "one carrier create per accepted send" \
  "SELECT (SELECT n FROM chaos.missing WHERE what LIKE 'accepted%') = 0
     AND NOT EXISTS (SELECT 1 FROM chaos.creates GROUP BY body HAVING count(*) > 1)" \
  "'creates: ' || (SELECT count(*) FROM chaos.creates) || ', accepted sends not created: '
     || (SELECT n FROM chaos.missing WHERE what LIKE 'accepted%') || ', bodies created twice: '
     || (SELECT count(*) FROM (SELECT 1 FROM chaos.creates GROUP BY body HAVING count(*) > 1) d)
     || ', creates of sends never answered 202 (their client saw no answer): '
     || (SELECT count(*) FROM chaos.creates c WHERE NOT EXISTS (SELECT 1 FROM chaos.accepted_sends s WHERE c.body = 'chaos out ' || s.key))"
check "no request left unanswered past 15 s" \
  "SELECT NOT EXISTS (SELECT 1 FROM chaos.requests WHERE ms > 15000)" \
  "'slowest answer: ' || (SELECT max(ms) FROM chaos.requests) || ' ms; over 15 s: ' || (SELECT count(*) FROM chaos.requests WHERE ms > 15000)"
fault_check broker-kill9 "no webhook answered other than 200" "webhook_failed = 0" "'webhooks not 200: ' || webhook_failed"
measure_check broker-kill9 'broker % listening after restart (ms)' 10000
fault_check brokers-down-10s "webhooks answered 503 at once and again 200 within 30 s of the restart" \
  "coalesce(p99_503, 0) <= 5000 AND coalesce(last_failure_ms, 0) <= 10000 + 30000 + (t1 - t0 - 10000 - 25000)" \
  "'503: ' || s503 || ', p99 ' || coalesce(p99_503, 0) || ' ms; last failure ' || coalesce(last_failure_ms, 0) || ' ms after the fault began'"
fault_check replica-kill9 "the other replica carries on: no 5xx, no failure but the requests cut at the kill" \
  "any5xx = 0 AND none_late = 0" "'5xx: ' || any5xx || ', cut: ' || none || ', failed later: ' || none_late"
fault_check rolling-restart "graceful: no 5xx, nothing cut" "any5xx = 0 AND none = 0" "'5xx: ' || any5xx || ', cut: ' || none"
fault_check db-down-5s "sends and webhooks answered, all 2xx again within 30 s after the database came back" \
  "coalesce(last_failure_ms, 0) <= 35000" "'503: ' || s503 || ', 5xx: ' || s5xx || ', last failure ' || coalesce(last_failure_ms, 0) || ' ms after the fault began'"
fault_check twilio-slow "sends accepted (202) while Twilio is slow" "any5xx = 0 AND none = 0" "'5xx: ' || any5xx || ', no answer: ' || none"
fault_check twilio-outage "sends accepted (202) while Twilio answers 503" "any5xx = 0 AND none = 0" "'5xx: ' || any5xx || ', no answer: ' || none"
fault_check broker-and-replica-kill9 "no webhook 5xx, no failure but the requests cut at the kill" \
  "any5xx = 0 AND none_late = 0" "'5xx: ' || any5xx || ', cut: ' || none || ', failed later: ' || none_late"
measure_check broker-and-replica-kill9 'broker % listening after restart (ms)' 10000
echo
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
