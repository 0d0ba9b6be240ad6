-- When the reconciler last asked the carrier about a text stuck in 'sent' (a missed delivery
-- callback): it asks once per status, so a text the carrier also keeps at 'sent' is not fetched
-- again and again.
ALTER TABLE sms_messages ADD COLUMN status_checked_at timestamptz;
CREATE INDEX sms_messages_sent ON sms_messages (updated_at) WHERE status = 'sent';
