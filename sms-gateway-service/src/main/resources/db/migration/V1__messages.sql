-- Every text the gateway sent or received. `peer_number` is the other party (the recipient of an
-- outbound text, the sender of an inbound one): a conversation is all rows of one peer.
CREATE TABLE sms_messages (
    id                    uuid PRIMARY KEY,
    direction             varchar(8)   NOT NULL CHECK (direction IN ('outbound', 'inbound')),
    contact_id            uuid,
    peer_number           varchar(20)  NOT NULL,
    to_number             varchar(20)  NOT NULL,
    from_number           varchar(20),
    messaging_service_sid varchar(64),
    body                  text         NOT NULL,
    status                varchar(24)  NOT NULL,
    segments              integer      NOT NULL,
    encoding              varchar(8)   NOT NULL,
    message_sid           varchar(64)  UNIQUE,
    error_code            integer,
    error_message         text,
    -- Dispatch bookkeeping (outbound only).
    attempts              integer      NOT NULL DEFAULT 0,
    next_attempt_at       timestamptz,
    claimed_by            uuid,
    claimed_at            timestamptz,
    send_started_at       timestamptz,
    outcome_unknown       boolean      NOT NULL DEFAULT false,
    outcome_unknown_at    timestamptz,
    created_at            timestamptz  NOT NULL DEFAULT now(),
    updated_at            timestamptz  NOT NULL DEFAULT now(),
    sent_at               timestamptz,
    delivered_at          timestamptz,
    failed_at             timestamptz
);

-- History API: newest first per conversation, keyset-paged by (created_at, id).
CREATE INDEX sms_messages_conversation ON sms_messages (peer_number, created_at DESC, id DESC);
-- Dispatcher: the queued outbound texts that are due.
CREATE INDEX sms_messages_due ON sms_messages (next_attempt_at, created_at)
    WHERE direction = 'outbound' AND status = 'queued' AND message_sid IS NULL AND NOT outcome_unknown;
CREATE INDEX sms_messages_unknown ON sms_messages (outcome_unknown_at) WHERE outcome_unknown;
CREATE INDEX sms_messages_claimed ON sms_messages (claimed_at) WHERE claimed_at IS NOT NULL;

-- Every status callback once (MessageSid + status), even for a SID not known yet.
CREATE TABLE message_status_history (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_sid       varchar(64)  NOT NULL,
    status            varchar(24)  NOT NULL,
    error_code        integer,
    error_message     text,
    raw_dlr_done_date varchar(16),
    account_sid       varchar(64),
    from_number       varchar(20),
    to_number         varchar(20),
    event_id          uuid,
    occurred_at       timestamptz,
    received_at       timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT message_status_history_once UNIQUE (message_sid, status)
);

-- Transactional outbox: written with the change, published by the relay, then marked.
CREATE TABLE outbox (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    aggregate_id uuid         NOT NULL,
    topic        varchar(128) NOT NULL,
    record_key   varchar(64)  NOT NULL,
    payload      jsonb        NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

CREATE TABLE opt_outs (
    phone_e164 varchar(20)  PRIMARY KEY,
    opted_out  boolean      NOT NULL,
    source     varchar(32)  NOT NULL,
    updated_at timestamptz  NOT NULL DEFAULT now(),
    updated_by varchar(200)
);

-- Send API idempotency: one message per key; kept at least the configured retention.
CREATE TABLE idempotency_keys (
    idem_key     varchar(255) PRIMARY KEY,
    request_hash varchar(64)  NOT NULL,
    message_id   uuid         NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Send pacing shared by every replica: the next free instant per sender and for the account ('*').
CREATE TABLE rate_slots (
    bucket       varchar(80)  PRIMARY KEY,
    next_free_at timestamptz  NOT NULL
);
