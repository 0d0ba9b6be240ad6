package com.example.crm.sms.gateway.service;

import java.time.Instant;
import java.util.UUID;

/**
 * One conversation of the inbox as one signed-in user sees it.
 *
 * @param phone the peer number (E.164)
 * @param contactId the contact of the newest message that named one, or null
 * @param lastActivityAt the time of the newest message: the inbox's order
 * @param inboundCount the inbound texts of the conversation, ever
 * @param unreadCount the inbound texts after the user's read marker (all of them without one)
 * @param readUpTo the user's read marker (a message id), or null
 */
public record Conversation(
    String phone,
    UUID contactId,
    LastMessage lastMessage,
    Instant lastActivityAt,
    long inboundCount,
    long unreadCount,
    UUID readUpTo,
    boolean optedOut) {

  /**
   * The newest message.
   *
   * @param direction {@code inbound} or {@code outbound}
   * @param preview the first 160 characters of its body
   * @param status its status now (wire value)
   * @param mediaCount its media items (MMS)
   */
  public record LastMessage(
      UUID id, String direction, String preview, String status, Instant at, int mediaCount) {}
}
