package com.example.crm.sms.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A change of a message the gateway sends: published through the gateway's outbox on {@link
 * Topics#OUTBOUND}, keyed by {@link #to()}, once when the message is queued and once for every
 * status it moves to.
 *
 * @param messageId the gateway's id of the message
 * @param contactId the CRM contact the text was sent to, when the caller named one
 * @param messageSid Twilio's SID, once Twilio accepted the message
 * @param to recipient, E.164
 * @param from sender, E.164
 * @param status the message's status after this change
 * @param errorCode Twilio's error code when the message failed or was undelivered
 */
public record OutboundMessageEvent(
    UUID eventId,
    String type,
    Instant occurredAt,
    int schemaVersion,
    UUID messageId,
    UUID contactId,
    String messageSid,
    String to,
    String from,
    String body,
    MessageStatus status,
    int segments,
    String encoding,
    Integer errorCode,
    String errorMessage,
    Instant createdAt,
    Instant sentAt,
    Instant deliveredAt,
    Instant failedAt)
    implements SmsEvent {

  public static final String TYPE = "sms.outbound.status-changed";
  public static final int SCHEMA_VERSION = 1;
}
