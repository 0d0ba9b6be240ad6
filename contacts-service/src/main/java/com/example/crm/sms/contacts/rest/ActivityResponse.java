package com.example.crm.sms.contacts.rest;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a contact's timeline.
 *
 * @param kind sms_received, sms_sent, sms_delivered, sms_failed, sms_opted_out, sms_opted_in;
 *     contact_created or contact_edited for a change through the API; note
 * @param summary what people read: a preview of the text, and the reason of a failure; who created
 *     or edited the contact (and which fields); a note's text; an admin's reason for lifting an
 *     opt-out
 * @param status the message status the activity records (received, sent, delivered, failed,
 *     undelivered)
 * @param actor who did it, from their sign-in: set for contact_created, contact_edited, note and an
 *     opt-out lifted by an admin; null for SMS traffic (STOP and START included)
 */
public record ActivityResponse(
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
    ActorResponse actor) {

  /**
   * @param subject the token's subject: stable, what the record is kept by
   * @param name their name as people read it, when they did it
   */
  public record ActorResponse(String subject, String name) {}
}
