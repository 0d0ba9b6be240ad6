package com.example.crm.sms.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A Twilio status callback for a message we sent. Published by the ingest service on {@link
 * Topics#STATUS}, keyed by {@link #messageSid()}. Callbacks arrive out of order and more than once:
 * consumers apply them forward-only and idempotently.
 *
 * @param errorCode Twilio's ErrorCode (e.g. 30006), null when none
 * @param rawDlrDoneDate the carrier's delivery-receipt time as Twilio passes it (YYMMDDhhmm)
 * @param idempotencyToken Twilio's I-Twilio-Idempotency-Token header, when present
 */
public record MessageStatusReportedEvent(
    UUID eventId,
    String type,
    Instant occurredAt,
    int schemaVersion,
    String messageSid,
    String accountSid,
    MessageStatus status,
    Integer errorCode,
    String errorMessage,
    String rawDlrDoneDate,
    String from,
    String to,
    String idempotencyToken)
    implements SmsEvent {

  public static final String TYPE = "sms.status.reported";
  public static final int SCHEMA_VERSION = 1;
}
