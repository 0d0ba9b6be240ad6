package com.example.crm.sms.contacts.service;

import com.example.crm.sms.contacts.repository.ContactActivity;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a contact's timeline.
 *
 * @param actorSubject who did it (the token's subject), for contact_created, contact_edited, note
 *     and an opt-out lifted by an admin; null for SMS traffic
 * @param actorName their name as people read it, when they did it
 */
public record ActivityEntry(
    UUID id,
    UUID contactId,
    String kind,
    String summary,
    String messageSid,
    UUID messageId,
    String status,
    Integer errorCode,
    String errorMessage,
    Instant occurredAt,
    String actorSubject,
    String actorName) {

  static ActivityEntry of(ContactActivity a) {
    return new ActivityEntry(
        a.id,
        a.contactId,
        a.kind,
        a.summary,
        a.messageSid,
        a.messageId,
        a.status,
        a.errorCode,
        a.errorMessage,
        a.occurredAt,
        a.actorSubject,
        a.actorName);
  }
}
