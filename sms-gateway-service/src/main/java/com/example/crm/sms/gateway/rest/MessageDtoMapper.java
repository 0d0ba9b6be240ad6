package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.gateway.service.ConversationPage;
import com.example.crm.sms.gateway.service.Message;
import com.example.crm.sms.gateway.service.MessageDraft;

/** The message API's JSON types to and from the service's records. */
final class MessageDtoMapper {

  private MessageDtoMapper() {}

  static MessageDraft toDraft(SendMessageRequest r) {
    return r == null
        ? null
        : new MessageDraft(r.to(), r.body(), r.contactId(), r.from(), r.sendAt(), r.fields());
  }

  static MessageResponse toResponse(Message m) {
    return new MessageResponse(
        m.id(),
        m.direction(),
        m.to(),
        m.from(),
        m.body(),
        m.status().wireValue(),
        m.segments(),
        m.encoding(),
        m.messageSid(),
        m.contactId(),
        m.errorCode(),
        m.errorMessage(),
        m.createdAt(),
        m.updatedAt(),
        m.sentAt(),
        m.deliveredAt(),
        m.failedAt(),
        m.sentBy() == null
            ? null
            : new MessageResponse.SentBy(m.sentBy().subject(), m.sentBy().name()),
        m.sendAt(),
        m.heldUntil(),
        m.campaignId(),
        m.media().stream()
            .map(
                i ->
                    new MessageResponse.Media(
                        i.n(), i.contentType(), MediaResource.url(m.id(), i.n())))
            .toList());
  }

  static MessagePage toPage(ConversationPage p) {
    return new MessagePage(
        p.items().stream().map(MessageDtoMapper::toResponse).toList(), p.nextCursor());
  }
}
