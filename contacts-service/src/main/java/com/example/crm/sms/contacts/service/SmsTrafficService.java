package com.example.crm.sms.contacts.service;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.contacts.repository.SmsTrafficRepository;
import com.example.crm.sms.contacts.repository.SmsTrafficRepository.Applied;
import com.example.crm.sms.contacts.repository.SmsTrafficRepository.NewActivity;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.OutboundMessageEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns SMS events into contact changes and timeline entries. Every method is idempotent: applying
 * an event again (redelivery, replay) changes nothing.
 */
@ApplicationScoped
public class SmsTrafficService {

  /** Characters of a message body shown on the timeline. */
  static final int PREVIEW_LENGTH = 160;

  /** Twilio error 21610: the recipient has opted out (replied STOP), as rule 7 says. */
  static final int UNSUBSCRIBED_RECIPIENT = 21610;

  private static final int MAX_SID_LENGTH = 64;
  private static final int MAX_ERROR_MESSAGE_LENGTH = 500;

  private final SmsTrafficRepository repository;
  private final PhoneNumbers phones;

  public SmsTrafficService(SmsTrafficRepository repository, PhoneNumbers phones) {
    this.repository = repository;
    this.phones = phones;
  }

  /**
   * A text from a contact: an unknown number becomes a prospect; last_contacted_at moves forward;
   * one sms_received activity per MessageSid; STOP/START keywords set the opt-out state and add an
   * activity of their own.
   */
  public Uni<Applied> applyInbound(InboundMessageReceivedEvent event) {
    if (event == null) {
      throw new UnreadableEventException("the record has no value");
    }
    String from =
        phones
            .toE164(event.from())
            .orElseThrow(
                () ->
                    new UnreadableEventException(
                        "'from' is not a valid phone number: " + event.from()));
    String sid = messageSid(event.messageSid(), true);
    Instant at = required(event.occurredAt(), "occurredAt");
    NewActivity received =
        new NewActivity(
            ActivityKind.SMS_RECEIVED.wireValue(),
            preview(event.body(), event.media().size()),
            sid,
            null,
            "received",
            null,
            null,
            at,
            "inbound:" + sid + ":received");
    Boolean optedOut = null;
    NewActivity keyword = null;
    if (event.keyword() == KeywordKind.OPT_OUT || event.keyword() == KeywordKind.OPT_IN) {
      optedOut = event.keyword() == KeywordKind.OPT_OUT;
      ActivityKind kind = optedOut ? ActivityKind.SMS_OPTED_OUT : ActivityKind.SMS_OPTED_IN;
      String word = abbreviate(event.body() == null ? "" : event.body().trim(), 20);
      String summary =
          (optedOut ? "Opted out of SMS" : "Opted back in to SMS")
              + (word.isEmpty() ? "" : " (replied \"" + word + "\")");
      keyword =
          new NewActivity(
              kind.wireValue(),
              summary,
              sid,
              null,
              "received",
              null,
              null,
              at,
              "inbound:" + sid + ":" + kind.wireValue());
    }
    return repository.applyInbound(from, at, optedOut, received, keyword);
  }

  /**
   * A change of a text we sent. {@code sent} (and {@code delivered}, in case the sent event never
   * came) moves last_contacted_at forward to the send time; sent, delivered, failed and undelivered
   * each add one activity per message. Other statuses (queued, sending, …) change nothing. Contacts
   * are found by contactId, else by the recipient's number; a text to a number that is no contact
   * is not recorded (contacts are created by people and by inbound texts only).
   *
   * @return empty when the event records nothing
   */
  public Uni<Applied> applyOutbound(OutboundMessageEvent event) {
    if (event == null) {
      throw new UnreadableEventException("the record has no value");
    }
    if (event.status() == null) {
      throw new UnreadableEventException("'status' is missing");
    }
    Instant at = required(event.occurredAt(), "occurredAt");
    ActivityKind kind;
    Instant happened;
    Instant contacted;
    String summary;
    String body = preview(event.body(), 0);
    switch (event.status()) {
      case SENT -> {
        kind = ActivityKind.SMS_SENT;
        happened = first(event.sentAt(), at);
        contacted = happened;
        summary = body;
      }
      case DELIVERED -> {
        kind = ActivityKind.SMS_DELIVERED;
        happened = first(event.deliveredAt(), at);
        contacted = first(event.sentAt(), happened);
        summary = body;
      }
      case FAILED, UNDELIVERED -> {
        kind = ActivityKind.SMS_FAILED;
        happened = first(event.failedAt(), at);
        contacted = null;
        summary = failureSummary(event) + body;
      }
      default -> {
        return Uni.createFrom().nullItem();
      }
    }
    Optional<String> to = phones.toE164(event.to());
    if (event.contactId() == null && to.isEmpty()) {
      throw new UnreadableEventException(
          "neither 'contactId' nor a valid 'to' number: " + event.to());
    }
    String sid = messageSid(event.messageSid(), false);
    if (event.messageId() == null && sid == null) {
      throw new UnreadableEventException("neither 'messageId' nor 'messageSid' is given");
    }
    String messageKey = event.messageId() != null ? event.messageId().toString() : "sid:" + sid;
    NewActivity activity =
        new NewActivity(
            kind.wireValue(),
            summary,
            sid,
            event.messageId(),
            event.status().wireValue(),
            event.errorCode(),
            event.errorMessage() == null
                ? null
                : abbreviate(event.errorMessage(), MAX_ERROR_MESSAGE_LENGTH),
            happened,
            "outbound:" + messageKey + ":" + event.status().wireValue());
    boolean optedOut =
        kind == ActivityKind.SMS_FAILED
            && event.errorCode() != null
            && event.errorCode() == UNSUBSCRIBED_RECIPIENT;
    return repository.applyOutbound(
        event.contactId(), to.orElse(null), contacted, optedOut, activity);
  }

  /** The timeline's view of a body: at most {@link #PREVIEW_LENGTH} characters, plus media. */
  static String preview(String body, int mediaCount) {
    String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    text = abbreviate(text, PREVIEW_LENGTH);
    if (mediaCount == 0) {
      return text;
    }
    String media = mediaCount == 1 ? "1 attachment" : mediaCount + " attachments";
    return text.isEmpty() ? "(" + media + ")" : text + " (+" + media + ")";
  }

  private static String failureSummary(OutboundMessageEvent event) {
    StringBuilder s =
        new StringBuilder(event.status() == MessageStatus.FAILED ? "Failed" : "Undelivered");
    if (event.errorCode() != null || event.errorMessage() != null) {
      s.append(" (");
      if (event.errorCode() != null) {
        s.append(event.errorCode());
      }
      if (event.errorMessage() != null) {
        s.append(event.errorCode() != null ? " " : "")
            .append(abbreviate(event.errorMessage(), 120));
      }
      s.append(")");
    }
    return s.append(": ").toString();
  }

  private static String abbreviate(String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
  }

  private static String messageSid(String sid, boolean required) {
    if (sid == null || sid.isBlank()) {
      if (required) {
        throw new UnreadableEventException("'messageSid' is missing");
      }
      return null;
    }
    if (sid.length() > MAX_SID_LENGTH) {
      throw new UnreadableEventException("'messageSid' is longer than " + MAX_SID_LENGTH);
    }
    return sid.trim();
  }

  private static Instant required(Instant value, String field) {
    if (value == null) {
      throw new UnreadableEventException("'" + field + "' is missing");
    }
    return value;
  }

  private static Instant first(Instant a, Instant b) {
    return a != null ? a : b;
  }
}
