package com.example.crm.sms.contacts.service;

import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.contacts.repository.ContactActivity;
import com.example.crm.sms.contacts.repository.ContactActivityRepository;
import com.example.crm.sms.contacts.repository.ContactRepository;
import com.example.crm.sms.security.Actor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Notes people write on a contact's timeline, naming who wrote them (from the sign-in). */
@ApplicationScoped
public class ContactNoteService {

  /** The longest note (code points, after trimming): what the summary column holds. */
  public static final int MAX_BODY = 2000;

  private final ContactRepository contacts;
  private final ContactActivityRepository activities;

  public ContactNoteService(ContactRepository contacts, ContactActivityRepository activities) {
    this.contacts = contacts;
    this.activities = activities;
  }

  /**
   * Adds a note to the contact's timeline. The text is checked before anything is read, so a bad
   * note writes nothing; an unknown contact is a 404.
   *
   * @param body the note as written; it is kept trimmed
   * @param author the signed-in caller, the entry's actor
   */
  public Uni<ActivityEntry> add(UUID contactId, String body, Actor author) {
    String text = requireBody(body);
    return Panache.withTransaction(
            () ->
                contacts
                    .findById(contactId)
                    .onItem()
                    .ifNull()
                    .failWith(() -> ContactNotFound.withId(contactId))
                    .flatMap(c -> activities.persist(note(contactId, text, author))))
        .map(ActivityEntry::of);
  }

  private static ContactActivity note(UUID contactId, String text, Actor author) {
    ContactActivity a = new ContactActivity();
    a.id = UUID.randomUUID();
    a.contactId = contactId;
    a.kind = ActivityKind.NOTE.wireValue();
    a.summary = text;
    a.occurredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    a.createdAt = a.occurredAt;
    a.dedupeKey = "note:" + a.id;
    a.actorSubject = author.subject();
    a.actorName = author.name();
    return a;
  }

  /** The trimmed note, or 422 naming {@code body}. */
  private static String requireBody(String body) {
    if (body == null || body.isBlank()) {
      throw ProblemException.unprocessable("body", "Field 'body' is required: write the note");
    }
    SafeText.requireSafe("body", body);
    String text = body.strip();
    int length = text.codePointCount(0, text.length());
    if (length > MAX_BODY) {
      throw ProblemException.unprocessable(
          "body",
          "Field 'body' has " + length + " characters; at most " + MAX_BODY + " are allowed");
    }
    return text;
  }
}
