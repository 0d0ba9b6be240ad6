package com.example.crm.sms.contacts.service;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.contacts.repository.ContactActivityRepository;
import com.example.crm.sms.contacts.repository.ContactRepository;
import com.example.crm.sms.contacts.repository.ContactSearch;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Contacts and their timelines as people look them up through the API. */
@ApplicationScoped
public class ContactReadService {

  private static final int MAX_QUERY_LENGTH = 200;

  /** Phone numbers one lookup takes: a page of the inbox and more. */
  public static final int MAX_PHONES = 100;

  private final ContactRepository contacts;
  private final ContactActivityRepository activities;
  private final PhoneNumbers phones;
  private final DisplayNames names;

  public ContactReadService(
      ContactRepository contacts,
      ContactActivityRepository activities,
      PhoneNumbers phones,
      DisplayNames names) {
    this.contacts = contacts;
    this.activities = activities;
    this.phones = phones;
    this.names = names;
  }

  /**
   * Finds contacts whose name, email or company contains {@code q}, or whose number is {@code q}
   * written in any format (or contains its digits).
   *
   * @param sort {@code lastContacted} (default) or {@code name}
   */
  @WithSession
  public Uni<ResultPage<ContactDetails>> search(
      String q, String type, String sort, int page, int size) {
    Paging.check(page, size);
    String text = q == null || q.isBlank() ? null : q.strip();
    if (text != null && text.length() > MAX_QUERY_LENGTH) {
      throw ProblemException.badRequest(
          "q", "Query parameter 'q' must be at most " + MAX_QUERY_LENGTH + " characters");
    }
    requireSafeQuery("q", q);
    String typeValue = null;
    if (type != null && !type.isBlank()) {
      typeValue = type.strip().toLowerCase(Locale.ROOT);
      if (ContactType.fromWire(typeValue).isEmpty()) {
        throw ProblemException.badRequest(
            "type", "Query parameter 'type' must be one of " + ContactType.wireValues());
      }
    }
    ContactSearch.Sort order =
        switch (sort == null || sort.isBlank() ? "lastContacted" : sort.strip()) {
          case "lastContacted" -> ContactSearch.Sort.LAST_CONTACTED;
          case "name" -> ContactSearch.Sort.NAME;
          default ->
              throw ProblemException.badRequest(
                  "sort", "Query parameter 'sort' must be lastContacted or name");
        };
    String digits = text == null ? "" : text.replaceAll("\\D", "");
    ContactSearch search =
        new ContactSearch(
            text == null ? null : text.toLowerCase(Locale.ROOT),
            text == null ? null : phones.toE164(text).orElse(null),
            digits.length() >= 3 ? digits : null,
            typeValue,
            order);
    return contacts
        .search(search, page, size)
        .flatMap(
            items ->
                contacts
                    .count(search)
                    .map(
                        total ->
                            new ResultPage<>(
                                items.stream().map(c -> ContactDetails.of(c, names)).toList(),
                                page,
                                size,
                                total)));
  }

  @WithSession
  public Uni<ContactDetails> get(UUID id) {
    return contacts
        .findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> ContactNotFound.withId(id))
        .map(c -> ContactDetails.of(c, names));
  }

  @WithSession
  public Uni<ContactDetails> byPhone(String phone) {
    String e164 =
        phones
            .toE164(phone)
            .orElseThrow(
                () -> ProblemException.unprocessable("phone", "is not a valid phone number"));
    return contacts
        .findByPhoneE164(e164)
        .onItem()
        .ifNull()
        .failWith(() -> ProblemException.notFound("No contact has the phone number " + e164))
        .map(c -> ContactDetails.of(c, names));
  }

  /**
   * The contacts of up to {@link #MAX_PHONES} numbers written in any format, in one query (the
   * inbox names its conversations so); a number without a contact is left out.
   */
  @WithSession
  public Uni<List<ContactDetails>> byPhones(List<String> phoneList) {
    if (phoneList.size() > MAX_PHONES) {
      throw ProblemException.badRequest(
          "phone", "At most " + MAX_PHONES + " phone numbers, not " + phoneList.size());
    }
    List<String> e164 = new ArrayList<>();
    for (int i = 0; i < phoneList.size(); i++) {
      String raw = phoneList.get(i);
      SafeText.requireSafe("phone", raw);
      int position = i + 1;
      e164.add(
          phones
              .toE164(raw)
              .orElseThrow(
                  () ->
                      ProblemException.unprocessable(
                          "phone", "Phone number " + position + " is not a valid phone number")));
    }
    if (e164.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return contacts
        .findByPhonesE164(e164.stream().distinct().toList())
        .map(list -> list.stream().map(c -> ContactDetails.of(c, names)).toList());
  }

  /** A contact's timeline, newest first. */
  @WithSession
  public Uni<ResultPage<ActivityEntry>> activities(UUID contactId, int page, int size) {
    Paging.check(page, size);
    return contacts
        .findById(contactId)
        .onItem()
        .ifNull()
        .failWith(() -> ContactNotFound.withId(contactId))
        .flatMap(c -> activities.timeline(contactId, page, size))
        .flatMap(
            items ->
                activities
                    .countFor(contactId)
                    .map(
                        total ->
                            new ResultPage<>(
                                items.stream().map(ActivityEntry::of).toList(),
                                page,
                                size,
                                total)));
  }

  /**
   * The one rule for text our API takes (rule 12, docs/architecture.md), for a query parameter: a
   * bad one is a 400 like every bad parameter, naming it and the position (from 1, in characters).
   */
  private static void requireSafeQuery(String name, String value) {
    int index = SafeText.firstUnsafeIndex(value);
    if (index >= 0) {
      throw ProblemException.badRequest(
          name,
          String.format(
              "Query parameter '%s' has the character U+%04X at position %d; remove it",
              name, (int) value.charAt(index), value.codePointCount(0, index) + 1));
    }
  }
}
