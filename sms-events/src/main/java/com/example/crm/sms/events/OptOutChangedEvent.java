package com.example.crm.sms.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A person changed a number's opt-out by hand (an admin lifting an opt-out in the console, say).
 * Published by the gateway through its outbox on {@link Topics#OPT_OUT}, keyed by {@link #phone()}.
 * Keyword opt-outs (STOP, START) are not published here: they travel as the inbound text that
 * carried them.
 *
 * @param phone the number, E.164
 * @param optedOut the state after the change
 * @param actorSubject the token subject of who changed it
 * @param actorName their display name from the token, null when it has none
 * @param reason why, as they wrote it
 */
public record OptOutChangedEvent(
    UUID eventId,
    String type,
    Instant occurredAt,
    int schemaVersion,
    String phone,
    boolean optedOut,
    String actorSubject,
    String actorName,
    String reason)
    implements SmsEvent {

  public static final String TYPE = "sms.optout.changed";
  public static final int SCHEMA_VERSION = 1;
}
