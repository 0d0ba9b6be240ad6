package com.example.crm.sms.contacts.service;

import static com.example.crm.sms.contacts.service.EventValues.abbreviate;
import static com.example.crm.sms.contacts.service.EventValues.keyOf;
import static com.example.crm.sms.contacts.service.EventValues.oneLine;
import static com.example.crm.sms.contacts.service.EventValues.storedSid;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.contacts.repository.Applied;
import com.example.crm.sms.contacts.repository.InboundBatchRepository;
import com.example.crm.sms.contacts.repository.InboundTrafficRepository;
import com.example.crm.sms.contacts.repository.NewActivity;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns texts from contacts into contact changes and timeline entries. Every change is idempotent:
 * storing an event again (redelivery, replay) changes nothing.
 *
 * <p>What an event says is never a reason to lose it (rules 1 and 12, docs/architecture.md): its
 * values are made storable ({@link EventValues}), and if the database still refuses the change as
 * data, {@link #salvage} keeps the contact, its opt-out and last contact. Only an event that names
 * no valid sender or no message is unreadable.
 */
@ApplicationScoped
public class InboundTrafficService {

  private final InboundTrafficRepository repository;
  private final InboundBatchRepository batches;
  private final SalvagedActivities salvaged;
  private final PhoneNumbers phones;

  public InboundTrafficService(
      InboundTrafficRepository repository,
      InboundBatchRepository batches,
      SalvagedActivities salvaged,
      PhoneNumbers phones) {
    this.repository = repository;
    this.batches = batches;
    this.salvaged = salvaged;
    this.phones = phones;
  }

  /**
   * What a text from a contact changes: the sender's contact (an unknown number becomes a
   * prospect), last_contacted_at forward, one sms_received activity per MessageSid, and for
   * STOP/START keywords the opt-out state and an activity of their own.
   *
   * @throws UnreadableEventException when the event names no sender or message
   */
  public InboundChange read(InboundMessageReceivedEvent event) {
    if (event == null) {
      throw new UnreadableEventException("the record has no value");
    }
    String from =
        EventValues.toE164(phones, event.from())
            .orElseThrow(
                () ->
                    new UnreadableEventException(
                        "'from' is not a valid phone number: " + EventValues.quoted(event.from())));
    String sid = EventValues.messageSid(event.messageSid(), true);
    Instant at =
        EventValues.storable(
            EventValues.required(event.occurredAt(), "occurredAt"), "occurredAt", storedSid(sid));
    NewActivity received =
        NewActivity.ofInbound(
            ActivityKind.SMS_RECEIVED.wireValue(),
            EventValues.preview(event.body(), event.media().size()),
            storedSid(sid),
            at,
            "inbound:" + keyOf(sid) + ":received");
    Boolean optedOut = null;
    NewActivity keyword = null;
    if (event.keyword() == KeywordKind.OPT_OUT || event.keyword() == KeywordKind.OPT_IN) {
      optedOut = event.keyword() == KeywordKind.OPT_OUT;
      ActivityKind kind = optedOut ? ActivityKind.SMS_OPTED_OUT : ActivityKind.SMS_OPTED_IN;
      String word = abbreviate(oneLine(event.body()), 20);
      keyword =
          NewActivity.ofInbound(
              kind.wireValue(),
              optInSummary(optedOut) + (word.isEmpty() ? "" : " (replied \"" + word + "\")"),
              storedSid(sid),
              at,
              "inbound:" + keyOf(sid) + ":" + kind.wireValue());
    }
    return new InboundChange(from, at, optedOut, received, keyword);
  }

  /** Stores the whole change: one statement. */
  public Uni<Applied> store(InboundChange change) {
    return repository.applyInbound(
        change.phoneE164(),
        change.occurredAt(),
        change.optedOut(),
        change.received(),
        change.keyword());
  }

  /**
   * Stores the whole changes of a batch, in order, in one statement: the same outcome as {@link
   * #store} one by one.
   *
   * @return the ids of the contacts (prospects) it created
   */
  public Uni<List<UUID>> storeAll(List<InboundChange> changes) {
    return batches.applyInbound(changes.stream().map(InboundChange::traffic).toList());
  }

  /**
   * The least of an inbound change that must be kept when the database refused the whole of it as
   * data: the sender's contact with its opt-out and last contact, then, if the database takes them,
   * the activities without their text.
   */
  public Uni<Applied> salvage(InboundChange change) {
    List<NewActivity> activities = new ArrayList<>();
    activities.add(EventValues.withoutText(change.received(), EventValues.NOT_STORED));
    if (change.keyword() != null) {
      activities.add(EventValues.withoutText(change.keyword(), optInSummary(change.optedOut())));
    }
    return repository
        .storeSender(change.phoneE164(), change.occurredAt(), change.optedOut())
        .call(applied -> salvaged.addIfPossible(applied, activities));
  }

  private static String optInSummary(boolean optedOut) {
    return optedOut ? "Opted out of SMS" : "Opted back in to SMS";
  }
}
