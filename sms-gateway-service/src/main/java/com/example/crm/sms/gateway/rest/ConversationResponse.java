package com.example.crm.sms.gateway.rest;

import java.time.Instant;
import java.util.UUID;

/**
 * One conversation of the inbox as the signed-in user sees it (the list, a read marking, the
 * stream).
 *
 * @param contactId the contact of the newest message that named one, or null
 * @param lastActivityAt the time of the newest message, either direction: the inbox's order
 * @param inboundCount the inbound texts of the conversation, ever
 * @param unreadCount the inbound texts newer than the caller's read marker
 * @param readUpTo the caller's read marker (a message id), or null
 */
public record ConversationResponse(
    String phone,
    UUID contactId,
    LastMessage lastMessage,
    Instant lastActivityAt,
    long inboundCount,
    long unreadCount,
    UUID readUpTo,
    boolean optedOut) {

  /**
   * @param direction inbound or outbound
   * @param preview the first 160 characters of the body
   * @param status the message's status now
   * @param mediaCount its media items (MMS)
   */
  public record LastMessage(
      UUID id, String direction, String preview, String status, Instant at, int mediaCount) {}
}
