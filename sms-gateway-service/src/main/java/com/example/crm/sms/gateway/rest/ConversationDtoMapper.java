package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.gateway.service.Conversation;
import com.example.crm.sms.gateway.service.ConversationList;

/** The inbox's JSON types from the service's records. */
final class ConversationDtoMapper {

  private ConversationDtoMapper() {}

  static ConversationResponse toResponse(Conversation c) {
    Conversation.LastMessage m = c.lastMessage();
    return new ConversationResponse(
        c.phone(),
        c.contactId(),
        new ConversationResponse.LastMessage(
            m.id(), m.direction(), m.preview(), m.status(), m.at(), m.mediaCount()),
        c.lastActivityAt(),
        c.inboundCount(),
        c.unreadCount(),
        c.readUpTo(),
        c.optedOut());
  }

  static ConversationListResponse toResponse(ConversationList list) {
    return new ConversationListResponse(
        list.items().stream().map(ConversationDtoMapper::toResponse).toList(), list.nextCursor());
  }

  /** The SSE id of a conversation event: what changed in it, for the subscriber. */
  static String eventId(ConversationResponse c) {
    return c.phone()
        + ":"
        + c.lastMessage().id()
        + ":"
        + c.lastMessage().status()
        + ":"
        + c.unreadCount();
  }
}
