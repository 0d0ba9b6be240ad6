-- pgbench script: the send API's own statement (SendRepository: opt-out check, Idempotency-Key,
-- message, outbox event and NOTIFY in one statement, its own transaction), with the values a send
-- brings: a fresh key and message id per transaction, recipients spread as the wrk script spreads
-- them, the outbox event of bench/event.json (-D event=...). Run by run.sh with -M prepared, as the
-- gateway runs it (a prepared statement per connection). Keep in step with SendRepository.SQL.
\set r random(1, 1000000000000)
\set t 4000000 + random(0, 4999999)
WITH opted AS ( SELECT EXISTS (SELECT 1 FROM opt_outs WHERE phone_e164 = ('+1239' || :t) AND opted_out) AS out),
taken AS ( INSERT INTO idempotency_keys (idem_key, request_hash, message_id) SELECT ('pgbench-' || :client_id || '-' || :r), md5(:r::text), md5(:client_id || '-' || :r)::uuid WHERE ('pgbench-' || :client_id || '-' || :r) IS NOT NULL AND NOT (SELECT out FROM opted) ON CONFLICT (idem_key) DO NOTHING RETURNING 1),
msg AS ( INSERT INTO sms_messages (id, direction, contact_id, peer_number, to_number, from_number, messaging_service_sid, body, status, segments, encoding, message_sid, next_attempt_at, created_at, updated_at, sent_by_subject, sent_by_name) SELECT md5(:client_id || '-' || :r)::uuid, 'outbound', NULL::uuid, ('+1239' || :t), ('+1239' || :t), '+12394269000', NULL::varchar, 'Bench text ' || :r, 'queued', 1, 'GSM7', NULL::varchar, now(), now(), now(), 'bench-agent', 'Bench Agent' WHERE NOT (SELECT out FROM opted) AND (('pgbench-' || :client_id || '-' || :r) IS NULL OR EXISTS (SELECT 1 FROM taken)) RETURNING id),
event AS ( INSERT INTO outbox (aggregate_id, topic, record_key, payload) SELECT id, 'sms.outbound.v1', ('+1239' || :t), :event::jsonb FROM msg RETURNING 1)
SELECT (SELECT out FROM opted) AS opted_out, (SELECT count(*) FROM event) AS created, (SELECT count(*) FROM (SELECT pg_notify('sms_messages', '{"id":"' || md5(:client_id || '-' || :r)::uuid || '","phone":"' || ('+1239' || :t) || '"}') FROM msg) n) AS notified;
