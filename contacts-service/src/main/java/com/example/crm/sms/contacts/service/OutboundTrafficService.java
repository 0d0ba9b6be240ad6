package com.example.crm.sms.contacts.service;

import static com.example.crm.sms.contacts.service.EventValues.abbreviate;
import static com.example.crm.sms.contacts.service.EventValues.first;
import static com.example.crm.sms.contacts.service.EventValues.storable;
import static com.example.crm.sms.contacts.service.EventValues.storedSid;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.contacts.repository.Applied;
import com.example.crm.sms.contacts.repository.NewActivity;
import com.example.crm.sms.contacts.repository.OutboundBatchRepository;
import com.example.crm.sms.contacts.repository.OutboundTrafficRepository;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.OutboundMessageEvent;
import com.example.crm.sms.events.TwilioErrorCodes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns the changes of texts we sent into contact changes and timeline entries; idempotent, made
 * storable and salvaged as {@link InboundTrafficService} says.
 */
@ApplicationScoped
public class OutboundTrafficService {

  private final OutboundTrafficRepository repository;
  private final OutboundBatchRepository batches;
  private final SalvagedActivities salvaged;
  private final PhoneNumbers phones;

  public OutboundTrafficService(
      OutboundTrafficRepository repository,
      OutboundBatchRepository batches,
      SalvagedActivities salvaged,
      PhoneNumbers phones) {
    this.repository = repository;
    this.batches = batches;
    this.salvaged = salvaged;
    this.phones = phones;
  }

  /**
   * What a change of a text we sent changes. {@code sent} (and {@code delivered}, in case the sent
   * event never came) moves last_contacted_at forward to the send time; sent, delivered, failed and
   * undelivered each add one activity per message. Other statuses (queued, sending, …) change
   * nothing. Contacts are found by contactId, else by the recipient's number; a text to a number
   * that is no contact is not recorded (contacts are created by people and by inbound texts only).
   *
   * @return empty when the event records nothing
   * @throws UnreadableEventException when the event names no contact or message
   */
  public Optional<OutboundChange> read(OutboundMessageEvent event) {
    if (event == null) {
      throw new UnreadableEventException("the record has no value");
    }
    if (event.status() == null) {
      throw new UnreadableEventException("'status' is missing");
    }
    String sid = EventValues.messageSid(event.messageSid(), false);
    String what = event.messageId() != null ? event.messageId().toString() : storedSid(sid);
    Instant at =
        storable(EventValues.required(event.occurredAt(), "occurredAt"), "occurredAt", what);
    ActivityKind kind;
    Instant happened;
    Instant contacted;
    String summary;
    String body = EventValues.preview(event.body(), 0);
    switch (event.status()) {
      case SENT -> {
        kind = ActivityKind.SMS_SENT;
        happened = first(storable(event.sentAt(), "sentAt", what), at);
        contacted = happened;
        summary = body;
      }
      case DELIVERED -> {
        kind = ActivityKind.SMS_DELIVERED;
        happened = first(storable(event.deliveredAt(), "deliveredAt", what), at);
        contacted = first(storable(event.sentAt(), "sentAt", what), happened);
        summary = body;
      }
      case FAILED, UNDELIVERED -> {
        kind = ActivityKind.SMS_FAILED;
        happened = first(storable(event.failedAt(), "failedAt", what), at);
        contacted = null;
        summary = failureSummary(event) + body;
      }
      default -> {
        return Optional.empty();
      }
    }
    Optional<String> to = EventValues.toE164(phones, event.to());
    if (event.contactId() == null && to.isEmpty()) {
      throw new UnreadableEventException(
          "neither 'contactId' nor a valid 'to' number: " + EventValues.quoted(event.to()));
    }
    if (event.messageId() == null && sid == null) {
      throw new UnreadableEventException("neither 'messageId' nor 'messageSid' is given");
    }
    String messageKey =
        event.messageId() != null ? event.messageId().toString() : "sid:" + EventValues.keyOf(sid);
    NewActivity activity =
        new NewActivity(
            kind.wireValue(),
            abbreviate(summary, EventValues.MAX_TEXT_LENGTH),
            storedSid(sid),
            event.messageId(),
            event.status().wireValue(),
            event.errorCode(),
            event.errorMessage() == null
                ? null
                : abbreviate(SafeText.cleaned(event.errorMessage()), EventValues.MAX_TEXT_LENGTH),
            happened,
            "outbound:" + messageKey + ":" + event.status().wireValue());
    // Twilio's "recipient unsubscribed": the contact replied STOP to the carrier (rule 7,
    // docs/architecture.md).
    boolean optedOut =
        kind == ActivityKind.SMS_FAILED
            && event.errorCode() != null
            && event.errorCode() == TwilioErrorCodes.UNSUBSCRIBED_RECIPIENT;
    return Optional.of(
        new OutboundChange(
            event.contactId(),
            to.orElse(null),
            contacted,
            optedOut,
            activity,
            event.status() == MessageStatus.FAILED || event.status() == MessageStatus.UNDELIVERED
                ? failureSummary(event.status(), event.errorCode(), null)
                : ""));
  }

  /** Stores the whole change: one statement; null when no contact matches. */
  public Uni<Applied> store(OutboundChange change) {
    return repository.applyOutbound(
        change.contactId(),
        change.toE164(),
        change.contactedAt(),
        change.optedOut(),
        change.activity());
  }

  /**
   * Stores the whole changes of a batch, in order, in one statement: the same outcome as {@link
   * #store} one by one.
   */
  public Uni<Void> storeAll(List<OutboundChange> changes) {
    return batches.applyOutbound(changes.stream().map(OutboundChange::traffic).toList());
  }

  /**
   * The least of an outbound change that must be kept when the database refused the whole of it as
   * data: the contact's last contact and opt-out, then, if the database takes it, the activity
   * without its text.
   */
  public Uni<Applied> salvage(OutboundChange change) {
    NewActivity activity =
        EventValues.withoutText(change.activity(), change.failurePrefix() + EventValues.NOT_STORED);
    return repository
        .touchRecipient(
            change.contactId(),
            change.toE164(),
            change.contactedAt(),
            change.optedOut(),
            activity.occurredAt())
        .call(
            applied ->
                applied == null
                    ? Uni.createFrom().voidItem()
                    : salvaged.addIfPossible(applied, List.of(activity)));
  }

  private static String failureSummary(OutboundMessageEvent event) {
    return failureSummary(
        event.status(),
        event.errorCode(),
        event.errorMessage() == null
            ? null
            : abbreviate(EventValues.oneLine(event.errorMessage()), 120));
  }

  private static String failureSummary(MessageStatus status, Integer code, String message) {
    StringBuilder s = new StringBuilder(status == MessageStatus.FAILED ? "Failed" : "Undelivered");
    if (code != null || message != null) {
      s.append(" (");
      if (code != null) {
        s.append(code);
      }
      if (message != null) {
        s.append(code != null ? " " : "").append(message);
      }
      s.append(")");
    }
    return s.append(": ").toString();
  }
}
