CREATE TABLE sms_messages (
    id          uuid PRIMARY KEY,
    direction   varchar(8)   NOT NULL,
    to_number   varchar(20)  NOT NULL,
    from_number varchar(20),
    body        text         NOT NULL,
    status      varchar(24)  NOT NULL,
    message_sid varchar(64)  UNIQUE,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now()
);
