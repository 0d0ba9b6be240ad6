package com.example.crm.sms.contacts.service;

import com.example.crm.sms.common.db.SqlStates;
import com.example.crm.sms.contacts.repository.Contact;
import com.example.crm.sms.contacts.repository.ContactActivity;
import com.example.crm.sms.contacts.repository.ContactActivityRepository;
import com.example.crm.sms.contacts.repository.ContactDeletion;
import com.example.crm.sms.contacts.repository.ContactDeletionRepository;
import com.example.crm.sms.contacts.repository.ContactRepository;
import com.example.crm.sms.security.Actor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Contacts as people change them through the API. Who did it comes from the signed-in token ({@link
 * Actor}): a create or an edit is an activity of the contact's timeline, written in the same
 * transaction; a deletion, which takes the timeline with it, is a {@link ContactDeletion}.
 */
@ApplicationScoped
public class ContactWriteService {

  private static final Logger LOG = Logger.getLogger(ContactWriteService.class);

  private final ContactRepository contacts;
  private final ContactActivityRepository activities;
  private final ContactDeletionRepository deletions;
  private final DisplayNames names;

  public ContactWriteService(
      ContactRepository contacts,
      ContactActivityRepository activities,
      ContactDeletionRepository deletions,
      DisplayNames names) {
    this.contacts = contacts;
    this.activities = activities;
    this.deletions = deletions;
    this.names = names;
  }

  /** Creates a contact, with a "Created by" activity naming {@code actor}. */
  public Uni<ContactDetails> create(ContactChanges changes, Actor actor) {
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
        .onFailure(ContactWriteService::isUniqueViolation)
        .recoverWithUni(e -> conflictAfterRace(changes.phoneE164(), e))
        .map(c -> ContactDetails.of(c, names));
  }

  /**
   * Applies a merge-patch; answers the contact as it is afterwards. A patch that changes something
   * adds an "Edited by" activity naming {@code actor} and the fields; one that repeats what the
   * contact has changes nothing, not even {@code updatedAt}.
   */
  public Uni<ContactDetails> update(UUID id, ContactChanges changes, Actor actor) {
    return Panache.withTransaction(
            () ->
                contacts
                    .findById(id)
                    .onItem()
                    .ifNull()
                    .failWith(() -> ContactNotFound.withId(id))
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
        .onFailure(ContactWriteService::isUniqueViolation)
        .recoverWithUni(e -> conflictAfterRace(changes.phoneE164(), e))
        .map(c -> ContactDetails.of(c, names));
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
                            return Uni.createFrom().failure(ContactNotFound.withId(id));
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
    return SqlStates.UNIQUE_VIOLATION.equals(SqlStates.sqlState(t));
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
