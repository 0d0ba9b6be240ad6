package com.example.crm.sms.contacts.rest;

import com.example.crm.sms.contacts.repository.Contact;
import com.example.crm.sms.contacts.repository.ContactActivity;
import com.example.crm.sms.contacts.service.DisplayNames;
import com.example.crm.sms.contacts.service.ResultPage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/** Entities to REST DTOs; entities never leave the service. */
@ApplicationScoped
public class ContactMapper {

  private final DisplayNames names;

  public ContactMapper(DisplayNames names) {
    this.names = names;
  }

  public ContactResponse toResponse(Contact c) {
    return new ContactResponse(
        c.id,
        c.firstName,
        c.lastName,
        names.displayName(c),
        c.company,
        c.email,
        c.phone,
        c.phoneE164,
        names.phoneDisplay(c),
        c.type,
        c.source,
        c.smsOptedOut,
        c.lastContactedAt,
        c.notes,
        c.createdAt,
        c.updatedAt);
  }

  public ActivityResponse toResponse(ContactActivity a) {
    return new ActivityResponse(
        a.id,
        a.contactId,
        a.kind,
        a.summary,
        a.messageSid,
        a.messageId,
        a.status,
        a.errorCode,
        a.errorMessage,
        a.occurredAt,
        a.actorSubject == null
            ? null
            : new ActivityResponse.ActorResponse(a.actorSubject, a.actorName));
  }

  public <E, R> PageResponse<R> toResponse(ResultPage<E> page, Function<E, R> item) {
    return new PageResponse<>(
        page.items().stream().map(item).toList(), page.page(), page.size(), page.total());
  }
}
