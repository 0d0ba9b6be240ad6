-- Issue 17: the inbox. One row per peer number with what the list shows, kept in the transaction of
-- every message write (ConversationRepository), so listing never aggregates sms_messages. The last
-- message's direction, body and status are read from sms_messages by its id (a primary-key lookup
-- per listed row), so a status change needs no write here.
CREATE TABLE conversations (
    phone            varchar(20)  PRIMARY KEY,
    -- The newest message, by (created_at, id) as the history orders it; its created_at is the
    -- conversation's last activity, the list's order.
    last_message_id  uuid         NOT NULL,
    last_activity_at timestamptz  NOT NULL,
    -- How many media items (MMS) the newest message carries.
    last_media_count integer      NOT NULL DEFAULT 0,
    -- Inbound texts ever; unread = inbound_count - a reader's read_count.
    inbound_count    bigint       NOT NULL DEFAULT 0,
    -- The contact of the newest message that named one.
    contact_id       uuid
);
-- The list: most recent activity first, ties by phone, keyset-paged by (last_activity_at, phone).
CREATE INDEX conversations_recent ON conversations (last_activity_at DESC, phone DESC);
-- The unread filter walks only conversations with inbound texts (the others are never unread).
CREATE INDEX conversations_recent_inbound ON conversations (last_activity_at DESC, phone DESC)
    WHERE inbound_count > 0;

-- Per signed-in user (token subject) and conversation: read up to and including read_up_to (whose
-- created_at is read_up_to_at, so the marker only ever moves forward), which had read_count
-- inbound texts at or before it. version counts the changes, so a live stream's cached copy can
-- tell a newer state from an older one.
CREATE TABLE conversation_reads (
    subject       varchar(200) NOT NULL,
    phone         varchar(20)  NOT NULL REFERENCES conversations (phone),
    read_up_to    uuid         NOT NULL,
    read_up_to_at timestamptz  NOT NULL,
    read_count    bigint       NOT NULL,
    version       bigint       NOT NULL DEFAULT 1,
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    -- The unread filter and the list look a caller's marker up by (subject, phone).
    PRIMARY KEY (subject, phone)
);

-- The conversations of the texts stored so far, as the history shows them: a draft campaign's texts
-- are in no conversation until the campaign starts.
INSERT INTO conversations (phone, last_message_id, last_activity_at, inbound_count, contact_id)
SELECT DISTINCT ON (m.peer_number)
       m.peer_number, m.id, m.created_at,
       count(*) FILTER (WHERE m.direction = 'inbound') OVER (PARTITION BY m.peer_number),
       first_value(m.contact_id) OVER (PARTITION BY m.peer_number
                                       ORDER BY m.contact_id IS NULL, m.created_at DESC, m.id DESC)
  FROM sms_messages m
 WHERE m.campaign_id IS NULL
    OR NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.id = m.campaign_id AND c.status = 'draft')
 ORDER BY m.peer_number, m.created_at DESC, m.id DESC;

-- Live inbox streams hear of every opt-out change, whoever made it (a keyword, error 21610, an
-- admin): the notification is the table's own, so no writer of opt_outs can forget it.
CREATE FUNCTION opt_out_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR OLD.opted_out IS DISTINCT FROM NEW.opted_out THEN
        PERFORM pg_notify('sms_conversations',
                          json_build_object('kind', 'optOut', 'phone', NEW.phone_e164)::text);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER opt_outs_notify AFTER INSERT OR UPDATE OF opted_out ON opt_outs
    FOR EACH ROW EXECUTE FUNCTION opt_out_changed();
