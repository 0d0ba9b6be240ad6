package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.OutboundMessageEvent;
import com.example.crm.sms.gateway.repository.MediaEntity;
import com.example.crm.sms.gateway.repository.MessageEntity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Entity to the domain record the service hands out, and to the sms.outbound.v1 event. */
public final class MessageMapper {

  private MessageMapper() {}

  /** A text without media (every outbound text). */
  public static Message toMessage(MessageEntity m) {
    return toMessage(m, List.of());
  }

  public static Message toMessage(MessageEntity m, List<MediaEntity> media) {
    return new Message(
        m.id,
        m.direction,
        m.toNumber,
        m.fromNumber,
        m.body,
        m.status,
        m.segments,
        m.encoding,
        m.messageSid,
        m.contactId,
        m.errorCode,
        m.errorMessage,
        m.createdAt,
        m.updatedAt,
        m.sentAt,
        m.deliveredAt,
        m.failedAt,
        m.sentBySubject == null ? null : new Message.Sender(m.sentBySubject, m.sentByName),
        m.sendAt,
        m.heldUntil,
        m.campaignId,
        media.stream().map(i -> new Message.Media(i.n(), i.contentType())).toList());
  }

  public static OutboundMessageEvent toEvent(MessageEntity m, Instant occurredAt) {
    return new OutboundMessageEvent(
        UUID.randomUUID(),
        OutboundMessageEvent.TYPE,
        occurredAt,
        OutboundMessageEvent.SCHEMA_VERSION,
        m.id,
        m.contactId,
        m.messageSid,
        m.toNumber,
        m.fromNumber,
        m.body,
        m.status,
        m.segments,
        m.encoding,
        m.errorCode,
        m.errorMessage,
        m.createdAt,
        m.sentAt,
        m.deliveredAt,
        m.failedAt);
  }
}
