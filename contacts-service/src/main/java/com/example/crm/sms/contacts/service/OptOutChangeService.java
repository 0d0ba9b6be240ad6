package com.example.crm.sms.contacts.service;

import static com.example.crm.sms.contacts.service.EventValues.abbreviate;
import static com.example.crm.sms.contacts.service.EventValues.oneLine;

import com.example.crm.sms.common.db.SqlStates;
import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.contacts.repository.OptOutChangeRepository;
import com.example.crm.sms.events.OptOutChangedEvent;
import com.example.crm.sms.security.Actor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Turns opt-outs changed by hand in the gateway ({@code sms.optout.v1}) into the contact's opt-out
 * state and a timeline entry naming who did it and why. Idempotent: the entry is one per eventId,
 * and the state only moves to a newer change, so a replay changes nothing.
 */
@ApplicationScoped
public class OptOutChangeService {

  private static final Logger LOG = Logger.getLogger(OptOutChangeService.class);

  private final Pool pool;
  private final OptOutChangeRepository repository;
  private final PhoneNumbers phones;

  public OptOutChangeService(Pool pool, OptOutChangeRepository repository, PhoneNumbers phones) {
    this.pool = pool;
    this.repository = repository;
    this.phones = phones;
  }

  /**
   * What the event changes. Its texts are made storable (cleaned, cut to their columns), never a
   * reason to lose it.
   *
   * @throws UnreadableEventException when it names no event id, no valid number or no time
   */
  public OptOutChange read(OptOutChangedEvent event) {
    if (event == null) {
      throw new UnreadableEventException("the record has no value");
    }
    if (event.eventId() == null) {
      throw new UnreadableEventException("'eventId' is missing");
    }
    String phone =
        EventValues.toE164(phones, event.phone())
            .orElseThrow(
                () ->
                    new UnreadableEventException(
                        "'phone' is not a valid phone number: "
                            + EventValues.quoted(event.phone())));
    String what = "opt-out change " + event.eventId();
    Instant at =
        EventValues.storable(
            EventValues.required(event.occurredAt(), "occurredAt"), "occurredAt", what);
    ActivityKind kind = event.optedOut() ? ActivityKind.SMS_OPTED_OUT : ActivityKind.SMS_OPTED_IN;
    String reason = abbreviate(oneLine(event.reason()), EventValues.MAX_TEXT_LENGTH);
    return new OptOutChange(
        event.eventId(),
        phone,
        event.optedOut(),
        at,
        kind.wireValue(),
        reason.isEmpty() ? fallbackSummary(event.optedOut()) : reason,
        actorValue(event.actorSubject()),
        actorValue(event.actorName()),
        "optout:" + event.eventId() + ":" + kind.wireValue());
  }

  /** One change in its own statement. */
  public Uni<Void> store(OptOutChange c) {
    return apply(pool, c, c.summary());
  }

  /** The changes of a batch, in order, in one transaction: as {@link #store} one by one. */
  public Uni<Void> storeAll(List<OptOutChange> changes) {
    return pool.withTransaction(
        tx -> {
          Uni<Void> done = Uni.createFrom().voidItem();
          for (OptOutChange c : changes) {
            done = done.chain(() -> apply(tx, c, c.summary()));
          }
          return done;
        });
  }

  /**
   * The least that must be kept when the database refused the whole change as data: the contact's
   * opt-out state, then, if the database takes it, the entry without the reason.
   */
  public Uni<Void> salvage(OptOutChange c) {
    return repository
        .applyState(pool, c.phoneE164(), c.optedOut(), c.occurredAt())
        .chain(
            () ->
                apply(pool, c, fallbackSummary(c.optedOut()))
                    .onFailure(e -> SqlStates.classify(e) == SqlStates.Kind.DATA)
                    .recoverWithItem(
                        e -> {
                          LOG.errorf(
                              e,
                              "BUG: the database refused even the salvaged entry %s",
                              c.dedupeKey());
                          return null;
                        }));
  }

  private Uni<Void> apply(SqlClient db, OptOutChange c, String summary) {
    return repository.apply(
        db,
        c.phoneE164(),
        c.optedOut(),
        c.occurredAt(),
        c.kind(),
        summary,
        c.dedupeKey(),
        c.actorSubject(),
        c.actorName());
  }

  /** As the API keeps an actor's subject and name (sms-security {@link Actor}). */
  private static String actorValue(String value) {
    String cleaned = oneLine(value);
    return cleaned.isEmpty() ? null : abbreviate(cleaned, Actor.MAX_NAME);
  }

  private static String fallbackSummary(boolean optedOut) {
    return optedOut ? "Opted out of SMS by hand" : "Opted back in to SMS by hand";
  }
}
