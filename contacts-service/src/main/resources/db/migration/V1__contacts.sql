-- Contacts and their SMS timeline. Flyway owns this schema; nothing reads it but contacts-service.

CREATE TABLE contacts (
    id                  uuid PRIMARY KEY,
    first_name          varchar(100),
    last_name           varchar(100),
    company             varchar(200),
    email               varchar(320),
    -- The number as someone typed it; phone_e164 is what every lookup uses (DESIGN.md rule 5).
    phone               varchar(64),
    phone_e164          varchar(16) UNIQUE,
    type                varchar(32)  NOT NULL DEFAULT 'prospect',
    source              varchar(32)  NOT NULL DEFAULT 'manual',
    sms_opted_out       boolean      NOT NULL DEFAULT false,
    sms_opted_out_at    timestamptz,
    -- When the opt-out state last changed: an older keyword event (a replay) never overrides a newer one.
    sms_opt_changed_at  timestamptz,
    last_contacted_at   timestamptz,
    notes               text,
    created_at          timestamptz  NOT NULL DEFAULT now(),
    updated_at          timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT contacts_type_check CHECK (type IN ('prospect', 'lead', 'customer', 'partner', 'vendor', 'other')),
    CONSTRAINT contacts_source_check CHECK (source IN ('manual', 'sms_inbound', 'import'))
);

CREATE INDEX contacts_last_contacted_idx ON contacts (last_contacted_at DESC NULLS LAST, created_at DESC);
CREATE INDEX contacts_type_idx ON contacts (type);

CREATE TABLE contact_activities (
    id            uuid PRIMARY KEY,
    contact_id    uuid         NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    kind          varchar(32)  NOT NULL,
    summary       varchar(500),
    message_sid   varchar(64),
    message_id    uuid,
    status        varchar(32),
    error_code    integer,
    error_message varchar(500),
    occurred_at   timestamptz  NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    -- One activity per message and what happened to it (e.g. 'inbound:SM…:received',
    -- 'outbound:<messageId>:delivered'): a redelivered or replayed event inserts nothing.
    dedupe_key    varchar(200) NOT NULL UNIQUE
);

CREATE INDEX contact_activities_timeline_idx ON contact_activities (contact_id, occurred_at DESC, id);
