package com.example.crm.sms.contacts.service;

import java.time.Instant;
import java.util.UUID;

/**
 * An opt-out changed by hand in the gateway (an OptOutChangedEvent), ready to store.
 *
 * @param phoneE164 the number whose contact it changes (none: nothing is recorded)
 * @param occurredAt when it changed: it applies only if newer than the contact's last opt change
 * @param kind the timeline entry's kind (sms_opted_in for a lift)
 * @param summary what people read: the reason given
 * @param actorSubject who changed it (the token subject), null when the event names nobody
 * @param dedupeKey one entry per event, however often it is delivered
 */
public record OptOutChange(
    UUID eventId,
    String phoneE164,
    boolean optedOut,
    Instant occurredAt,
    String kind,
    String summary,
    String actorSubject,
    String actorName,
    String dedupeKey) {

  /** Names the event in logs (never the reason). */
  public String describe() {
    return "opt-out change " + eventId;
  }
}
