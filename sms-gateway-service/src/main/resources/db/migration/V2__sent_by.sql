-- Who sent an outbound text, from the sender's token (DESIGN rule 11): the token's subject (what
-- records are kept by) and the name people see. Null for inbound texts and for texts queued
-- before sign-in existed. 200 = sms-security's Actor.MAX_NAME, which both values are cut to.
ALTER TABLE sms_messages
    ADD COLUMN sent_by_subject varchar(200),
    ADD COLUMN sent_by_name    varchar(200);
