-- Issue 16: campaigns, scheduled texts, quiet hours.
CREATE TABLE campaigns (
    id                    uuid PRIMARY KEY,
    name                  varchar(200) NOT NULL,
    body                  text         NOT NULL,
    status                varchar(16)  NOT NULL
        CHECK (status IN ('draft', 'scheduled', 'sending', 'paused', 'completed', 'canceled')),
    send_at               timestamptz,
    from_number           varchar(20),
    messaging_service_sid varchar(64),
    created_by_subject    varchar(200),
    created_by_name       varchar(200),
    created_at            timestamptz  NOT NULL,
    updated_at            timestamptz  NOT NULL
);
-- The list API: newest first, keyset-paged by (created_at, id).
CREATE INDEX campaigns_newest ON campaigns (created_at DESC, id DESC);
-- The ticker: scheduled campaigns that came due, sending ones that may be complete.
CREATE INDEX campaigns_active ON campaigns (status) WHERE status IN ('scheduled', 'sending');

-- A campaign's recipients are its texts: one row per number (the unique index dedupes), each with
-- its merged body. priority 0 = one-to-one texts, 1 = campaign texts (claimed after them).
-- send_at: the time a scheduled text was asked for; held_until: when a text held for quiet hours
-- goes; quiet_hours: whether the recipient's local window applies (campaign and scheduled texts,
-- never a text an agent sends by hand); skipped_opted_out: not sent because the number opted out.
ALTER TABLE sms_messages
    ADD COLUMN campaign_id       uuid REFERENCES campaigns (id),
    ADD COLUMN priority          integer     NOT NULL DEFAULT 0,
    ADD COLUMN send_at           timestamptz,
    ADD COLUMN held_until        timestamptz,
    ADD COLUMN quiet_hours       boolean     NOT NULL DEFAULT false,
    ADD COLUMN skipped_opted_out boolean     NOT NULL DEFAULT false;
CREATE UNIQUE INDEX sms_messages_campaign_recipient ON sms_messages (campaign_id, to_number)
    WHERE campaign_id IS NOT NULL;

-- Dispatcher: queued texts and scheduled ones that came due, one-to-one texts first. The texts of a
-- campaign that is not sending (draft, scheduled, paused) have no next_attempt_at, so they are not
-- in this index at all and cost a claim nothing.
DROP INDEX sms_messages_due;
CREATE INDEX sms_messages_due ON sms_messages (priority, next_attempt_at, created_at)
    WHERE direction = 'outbound' AND status IN ('queued', 'scheduled') AND message_sid IS NULL
      AND NOT outcome_unknown AND next_attempt_at IS NOT NULL;
