package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.MessageStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One text, as the service hands it out: what the history API and the live streams show.
 *
 * @param direction {@code outbound} or {@code inbound}
 * @param to the recipient (E.164)
 * @param from the sender (E.164), or null when a Messaging Service picks it
 * @param sentBy who sent an outbound text, from their sign-in; null for inbound texts (and texts
 *     queued before sign-in existed)
 * @param sendAt the time a scheduled text was asked for, or null
 * @param heldUntil when a text held for quiet hours goes, or null
 * @param campaignId the campaign of a campaign text, or null
 * @param media the MMS items of an inbound text, in order; empty when none
 */
public record Message(
    UUID id,
    String direction,
    String to,
    String from,
    String body,
    MessageStatus status,
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
    Sender sentBy,
    Instant sendAt,
    Instant heldUntil,
    UUID campaignId,
    List<Media> media) {

  /**
   * @param subject the sender's token subject: stable, what records are kept by
   * @param name what people see ("sent by ...")
   */
  public record Sender(String subject, String name) {}

  /**
   * One media item; its bytes are fetched from the carrier on request (MediaProxyService).
   *
   * @param n its place among the text's items, from 0
   * @param contentType as the carrier named it, or null
   */
  public record Media(int n, String contentType) {}
}
