package com.example.crm.sms.contacts.service;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.contacts.repository.Contact;
import com.example.crm.sms.contacts.repository.ContactActivity;
import com.example.crm.sms.contacts.repository.ContactActivityRepository;
import com.example.crm.sms.contacts.repository.ContactDeletion;
import com.example.crm.sms.contacts.repository.ContactDeletionRepository;
import com.example.crm.sms.contacts.repository.ContactRepository;
import com.example.crm.sms.contacts.repository.ContactSearch;
import com.example.crm.sms.security.Actor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Contacts as people edit them through the API. Who did it comes from the signed-in token ({@link
 * Actor}): a create or an edit is an activity of the contact's timeline, written in the same
 * transaction; a deletion, which takes the timeline with it, is a {@link ContactDeletion}.
 */
@ApplicationScoped
public class ContactService {

  private static final Logger LOG = Logger.getLogger(ContactService.class);

  public static final int MAX_PAGE_SIZE = 200;

  /** The last page anyone may ask for: its offset, page × size, stays well inside an int. */
  public static final int MAX_PAGE = 10_000_000;

  private static final int MAX_QUERY_LENGTH = 200;

  private final ContactRepository contacts;
  private final ContactActivityRepository activities;
  private final ContactDeletionRepository deletions;
  private final PhoneNumbers phones;
  private final DisplayNames names;

  public ContactService(
      ContactRepository contacts,
      ContactActivityRepository activities,
      ContactDeletionRepository deletions,
      PhoneNumbers phones,
      DisplayNames names) {
    this.contacts = contacts;
    this.activities = activities;
    this.deletions = deletions;
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
  public Uni<ResultPage<Contact>> search(String q, String type, String sort, int page, int size) {
    checkPaging(page, size);
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
                contacts.count(search).map(total -> new ResultPage<>(items, page, size, total)));
  }

  @WithSession
  public Uni<Contact> get(UUID id) {
    return contacts.findById(id).onItem().ifNull().failWith(() -> notFound(id));
  }

  @WithSession
  public Uni<Contact> byPhone(String phone) {
    String e164 =
        phones
            .toE164(phone)
            .orElseThrow(
                () -> ProblemException.unprocessable("phone", "is not a valid phone number"));
    return contacts
        .findByPhoneE164(e164)
        .onItem()
        .ifNull()
        .failWith(() -> ProblemException.notFound("No contact has the phone number " + e164));
  }

  /** Creates a contact, with a "Created by" activity naming {@code actor}. */
  public Uni<Contact> create(ContactChanges changes, Actor actor) {
    return Panache.withTransaction(
            () ->
                ensurePhoneFree(changes.phoneE164(), null)
                    .flatMap(
                        ignored -> {
                          Contact c = new Contact();
                          c.id = UUID.randomUUID();
                          changes.applyTo(c);
                          c.createdAt = now();
                          c.updatedAt = c.createdAt;
                          return contacts.persist(c);
                        })
                    .call(
                        c ->
                            activities.persist(
                                activity(
                                    c,
                                    ActivityKind.CONTACT_CREATED,
                                    "Created by " + actor.name(),
                                    "contact:" + c.id + ":created",
                                    actor))))
        .onFailure(ContactService::isUniqueViolation)
        .recoverWithUni(e -> conflictAfterRace(changes.phoneE164(), e));
  }

  /**
   * Applies a merge-patch; answers the contact as it is afterwards. A patch that changes something
   * adds an "Edited by" activity naming {@code actor} and the fields; one that repeats what the
   * contact has changes nothing, not even {@code updatedAt}.
   */
  public Uni<Contact> update(UUID id, ContactChanges changes, Actor actor) {
    return Panache.withTransaction(
            () ->
                contacts
                    .findById(id)
                    .onItem()
                    .ifNull()
                    .failWith(() -> notFound(id))
                    .call(
                        c ->
                            changes.phoneE164() != null && !changes.phoneE164().equals(c.phoneE164)
                                ? ensurePhoneFree(changes.phoneE164(), id)
                                : Uni.createFrom().voidItem())
                    .call(
                        c -> {
                          List<String> changed = changes.applyTo(c);
                          if (changed.isEmpty()) {
                            return Uni.createFrom().voidItem();
                          }
                          c.updatedAt = now();
                          return activities.persist(
                              activity(
                                  c,
                                  ActivityKind.CONTACT_EDITED,
                                  "Edited by "
                                      + actor.name()
                                      + " ("
                                      + String.join(", ", changed)
                                      + ")",
                                  "contact:" + c.id + ":edited:" + UUID.randomUUID(),
                                  actor));
                        }))
        .onFailure(ContactService::isUniqueViolation)
        .recoverWithUni(e -> conflictAfterRace(changes.phoneE164(), e));
  }

  /**
   * Deletes a contact and its timeline, and records who did it where the record survives (a {@link
   * ContactDeletion}, same transaction).
   */
  public Uni<Void> delete(UUID id, Actor actor) {
    return Panache.withTransaction(
            () ->
                contacts
                    .deleteById(id)
                    .flatMap(
                        deleted -> {
                          if (!deleted) {
                            return Uni.createFrom().failure(notFound(id));
                          }
                          ContactDeletion d = new ContactDeletion();
                          d.id = UUID.randomUUID();
                          d.contactId = id;
                          d.actorSubject = actor.subject();
                          d.actorName = actor.name();
                          d.deletedAt = now();
                          return deletions.persist(d);
                        }))
        .invoke(
            d ->
                LOG.infof(
                    "Contact %s deleted by %s (subject %s)", id, actor.name(), actor.subject()))
        .replaceWithVoid();
  }

  /** A contact's timeline, newest first. */
  @WithSession
  public Uni<ResultPage<ContactActivity>> activities(UUID contactId, int page, int size) {
    checkPaging(page, size);
    return contacts
        .findById(contactId)
        .onItem()
        .ifNull()
        .failWith(() -> notFound(contactId))
        .flatMap(c -> activities.timeline(contactId, page, size))
        .flatMap(
            items ->
                activities
                    .countFor(contactId)
                    .map(total -> new ResultPage<>(items, page, size, total)));
  }

  private static ContactActivity activity(
      Contact c, ActivityKind kind, String summary, String dedupeKey, Actor actor) {
    ContactActivity a = new ContactActivity();
    a.id = UUID.randomUUID();
    a.contactId = c.id;
    a.kind = kind.wireValue();
    a.summary = summary;
    a.occurredAt = c.updatedAt;
    a.createdAt = a.occurredAt;
    a.dedupeKey = dedupeKey;
    a.actorSubject = actor.subject();
    a.actorName = actor.name();
    return a;
  }

  private Uni<Void> ensurePhoneFree(String phoneE164, UUID self) {
    if (phoneE164 == null) {
      return Uni.createFrom().voidItem();
    }
    return contacts
        .findByPhoneE164(phoneE164)
        .invoke(
            other -> {
              if (other != null && !other.id.equals(self)) {
                throw new PhoneInUseException(phoneE164, other.id, names.displayName(other));
              }
            })
        .replaceWithVoid();
  }

  /** Another request (or a text) took the number between our check and our commit. */
  private Uni<Contact> conflictAfterRace(String phoneE164, Throwable original) {
    if (phoneE164 == null) {
      return Uni.createFrom().failure(original);
    }
    return Panache.withSession(() -> contacts.findByPhoneE164(phoneE164))
        .flatMap(
            other ->
                Uni.createFrom()
                    .failure(
                        other == null
                            ? original
                            : new PhoneInUseException(
                                phoneE164, other.id, names.displayName(other))));
  }

  private static boolean isUniqueViolation(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PgException pg && "23505".equals(pg.getSqlState())) {
        return true;
      }
    }
    return false;
  }

  /** The resource reads page and size within these bounds; this guards any other caller. */
  private static void checkPaging(int page, int size) {
    if (page < 0 || page > MAX_PAGE) {
      throw ProblemException.badRequest("page", "must be from 0 to " + MAX_PAGE);
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw ProblemException.badRequest("size", "must be from 1 to " + MAX_PAGE_SIZE);
    }
  }

  /**
   * The one rule for text our API takes (DESIGN rule 12), for a query parameter: a bad one is a 400
   * like every bad parameter, naming it and the position (from 1, in characters).
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

  private static ProblemException notFound(UUID id) {
    return ProblemException.notFound("No contact with id " + id);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
