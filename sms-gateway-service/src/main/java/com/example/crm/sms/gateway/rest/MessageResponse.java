package com.example.crm.sms.gateway.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One text as the REST API and the live stream show it.
 *
 * @param sentBy who sent an outbound text, from their sign-in; null for inbound texts (and texts
 *     queued before sign-in existed)
 * @param sendAt the time a scheduled text was asked for, or null
 * @param heldUntil when a text held for quiet hours goes (status scheduled), or null
 * @param campaignId the campaign of a campaign text, or null
 * @param media the MMS items of an inbound text; empty when none
 */
public record MessageResponse(
    UUID id,
    String direction,
    String to,
    String from,
    String body,
    String status,
    int segments,
    String encoding,
    String messageSid,
    UUID contactId,
    Integer errorCode,
    String errorMessage,
    Instant createdAt,
    Instant updatedAt,
    Instant sentAt,
    Instant deliveredAt,
    Instant failedAt,
    SentBy sentBy,
    Instant sendAt,
    Instant heldUntil,
    UUID campaignId,
    List<Media> media) {

  /**
   * @param subject the sender's token subject: stable, what records are kept by
   * @param name what people see ("sent by ...")
   */
  public record SentBy(String subject, String name) {}

  /**
   * @param n the item's place, from 0
   * @param contentType as the carrier named it, or null
   * @param url where the API serves its bytes: {@code /api/messages/{id}/media/{n}}
   */
  public record Media(int n, String contentType, String url) {}
}
