package com.example.crm.sms.gateway.service;

import java.time.Instant;
import java.util.UUID;

/**
 * A campaign as the service hands it out: its texts counted per recipient state.
 *
 * @param status draft, scheduled, sending, paused, completed or canceled
 * @param createdBy who created it, from their sign-in
 */
public record Campaign(
    UUID id,
    String name,
    String body,
    String status,
    Instant sendAt,
    Instant createdAt,
    Instant updatedAt,
    Message.Sender createdBy,
    Counts counts,
    Segments segments) {

  /** Recipients per state; {@code total} is every distinct recipient. */
  public record Counts(
      long total,
      long queued,
      long held,
      long sent,
      long delivered,
      long undelivered,
      long failed,
      long skipped,
      long canceled) {}

  /**
   * @param estimated the merged bodies' segments over every recipient
   * @param actual the segments of the texts handed to the carrier
   */
  public record Segments(long estimated, long actual) {}

  /** One recipient: state queued, held, sent, delivered, undelivered, failed, skipped, canceled. */
  public record Recipient(
      String to,
      UUID contactId,
      String status,
      UUID messageId,
      Instant heldUntil,
      Integer errorCode) {}

  /** A page of campaigns or recipients; {@code nextCursor} null on the last. */
  public record Page<T>(java.util.List<T> items, String nextCursor) {}
}
