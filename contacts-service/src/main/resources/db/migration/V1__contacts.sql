CREATE TABLE contacts (
    id                uuid PRIMARY KEY,
    first_name        varchar(100),
    last_name         varchar(100),
    company           varchar(200),
    email             varchar(320),
    phone             varchar(64),
    phone_e164        varchar(20) UNIQUE,
    type              varchar(32)  NOT NULL DEFAULT 'prospect',
    source            varchar(32)  NOT NULL DEFAULT 'manual',
    sms_opted_out     boolean      NOT NULL DEFAULT false,
    sms_opted_out_at  timestamptz,
    last_contacted_at timestamptz,
    notes             text,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    updated_at        timestamptz  NOT NULL DEFAULT now()
);
