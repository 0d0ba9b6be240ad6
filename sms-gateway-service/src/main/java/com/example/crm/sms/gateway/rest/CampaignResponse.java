package com.example.crm.sms.gateway.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A campaign as the REST API and its live stream show it. */
public record CampaignResponse(
    UUID id,
    String name,
    String body,
    String status,
    Instant sendAt,
    Instant createdAt,
    Instant updatedAt,
    MessageResponse.SentBy createdBy,
    Counts counts,
    Segments segments) {

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

  public record Segments(long estimated, long actual) {}

  /**
   * One recipient: status queued, held, sent, delivered, undelivered, failed, skipped, canceled.
   */
  public record RecipientState(
      String to,
      UUID contactId,
      String status,
      UUID messageId,
      Instant heldUntil,
      Integer errorCode) {}

  public record CampaignPage(List<CampaignResponse> items, String nextCursor) {}

  public record RecipientPage(List<RecipientState> items, String nextCursor) {}
}
