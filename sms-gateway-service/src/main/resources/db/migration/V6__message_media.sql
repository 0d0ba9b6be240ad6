-- Issue 17: the media (MMS) of inbound texts, as Twilio's webhook named them (MediaUrlN,
-- MediaContentTypeN). Only the carrier's URL is kept; the media proxy fetches the bytes on each
-- request, so nothing of the picture is stored here.
CREATE TABLE message_media (
    message_id   uuid    NOT NULL REFERENCES sms_messages (id) ON DELETE CASCADE,
    n            integer NOT NULL CHECK (n >= 0),
    url          text    NOT NULL,
    content_type text,
    PRIMARY KEY (message_id, n)
);
