package com.example.crm.sms.contacts.rest;

import com.example.crm.sms.contacts.service.ActivityEntry;
import com.example.crm.sms.contacts.service.ContactDetails;
import com.example.crm.sms.contacts.service.ResultPage;
import java.util.function.Function;

/** The service's records to REST DTOs. */
final class ContactMapper {

  private ContactMapper() {}

  static ContactResponse toResponse(ContactDetails c) {
    return new ContactResponse(
        c.id(),
        c.firstName(),
        c.lastName(),
        c.displayName(),
        c.company(),
        c.email(),
        c.phone(),
        c.phoneE164(),
        c.phoneDisplay(),
        c.type(),
        c.source(),
        c.smsOptedOut(),
        c.lastContactedAt(),
        c.notes(),
        c.createdAt(),
        c.updatedAt());
  }

  static ActivityResponse toResponse(ActivityEntry a) {
    return new ActivityResponse(
        a.id(),
        a.contactId(),
        a.kind(),
        a.summary(),
        a.messageSid(),
        a.messageId(),
        a.status(),
        a.errorCode(),
        a.errorMessage(),
        a.occurredAt(),
        a.actorSubject() == null
            ? null
            : new ActivityResponse.ActorResponse(a.actorSubject(), a.actorName()));
  }

  static <E, R> PageResponse<R> toResponse(ResultPage<E> page, Function<E, R> item) {
    return new PageResponse<>(
        page.items().stream().map(item).toList(), page.page(), page.size(), page.total());
  }
}
