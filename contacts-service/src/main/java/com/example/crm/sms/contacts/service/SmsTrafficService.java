package com.example.crm.sms.contacts.service;

import com.example.crm.sms.common.db.SqlStates;
import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.contacts.repository.SmsTrafficRepository;
import com.example.crm.sms.contacts.repository.SmsTrafficRepository.Applied;
import com.example.crm.sms.contacts.repository.SmsTrafficRepository.NewActivity;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.OutboundMessageEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns SMS events into contact changes and timeline entries. Every change is idempotent: storing
 * an event again (redelivery, replay) changes nothing.
 *
 * <p>What an event says is never a reason to lose it (DESIGN rules 1 and 12): its text is cleaned
 * by the one rule (sms-common {@code SafeText}) and cut to what its column holds, a time no
 * database can store becomes the time it is stored, and if the database still refuses the change as
 * data, {@link #salvage} keeps the contact, its opt-out and last contact. Only an event that names
 * no contact at all (no valid sender, no recipient, no message id) is unreadable.
 */
@ApplicationScoped
public class SmsTrafficService {

  private static final Logger LOG = Logger.getLogger(SmsTrafficService.class);

  /** Characters of a message body shown on the timeline. */
  static final int PREVIEW_LENGTH = 160;

  /** Twilio error 21610: the recipient has opted out (replied STOP), as rule 7 says. */
  static final int UNSUBSCRIBED_RECIPIENT = 21610;

  /** contact_activities.message_sid (a real SID has 34 characters). */
  static final int MAX_SID_LENGTH = 64;

  /** contact_activities.summary and error_message. */
  static final int MAX_TEXT_LENGTH = 500;

  /** What a salvaged activity shows instead of the text the database refused. */
  static final String NOT_STORED = "(the text could not be stored)";

  /** timestamptz and the pg client both store these years; the contract's times lie within. */
  private static final Instant FIRST_STORABLE = Instant.parse("0001-01-01T00:00:00Z");

  private static final Instant LAST_STORABLE = Instant.parse("9999-12-31T23:59:59Z");

  private final SmsTrafficRepository repository;
  private final PhoneNumbers phones;

  public SmsTrafficService(SmsTrafficRepository repository, PhoneNumbers phones) {
    this.repository = repository;
    this.phones = phones;
  }

  /**
   * What a text from a contact changes: the sender's contact (an unknown number becomes a
   * prospect), last_contacted_at forward, one sms_received activity per MessageSid, and for
   * STOP/START keywords the opt-out state and an activity of their own.
   *
   * @throws UnreadableEventException when the event names no sender or message
   */
  public InboundChange readInbound(InboundMessageReceivedEvent event) {
    if (event == null) {
      throw new UnreadableEventException("the record has no value");
    }
    String from =
        toE164(event.from())
            .orElseThrow(
                () ->
                    new UnreadableEventException(
                        "'from' is not a valid phone number: " + quoted(event.from())));
    String sid = messageSid(event.messageSid(), true);
    Instant at = storable(required(event.occurredAt(), "occurredAt"), "occurredAt", storedSid(sid));
    NewActivity received =
        new NewActivity(
            ActivityKind.SMS_RECEIVED.wireValue(),
            preview(event.body(), event.media().size()),
            storedSid(sid),
            null,
            "received",
            null,
            null,
            at,
            "inbound:" + keyOf(sid) + ":received");
    Boolean optedOut = null;
    NewActivity keyword = null;
    if (event.keyword() == KeywordKind.OPT_OUT || event.keyword() == KeywordKind.OPT_IN) {
      optedOut = event.keyword() == KeywordKind.OPT_OUT;
      ActivityKind kind = optedOut ? ActivityKind.SMS_OPTED_OUT : ActivityKind.SMS_OPTED_IN;
      String word = abbreviate(oneLine(event.body()), 20);
      keyword =
          new NewActivity(
              kind.wireValue(),
              optInSummary(optedOut) + (word.isEmpty() ? "" : " (replied \"" + word + "\")"),
              storedSid(sid),
              null,
              "received",
              null,
              null,
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
   * The least of an inbound change that must be kept when the database refused the whole of it as
   * data: the sender's contact with its opt-out and last contact, then, if the database takes them,
   * the activities without their text.
   */
  public Uni<Applied> salvage(InboundChange change) {
    List<NewActivity> activities = new ArrayList<>();
    activities.add(withoutText(change.received(), NOT_STORED));
    if (change.keyword() != null) {
      activities.add(withoutText(change.keyword(), optInSummary(change.optedOut())));
    }
    return repository
        .storeSender(change.phoneE164(), change.occurredAt(), change.optedOut())
        .call(applied -> activitiesIfPossible(applied, activities));
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
  public Optional<OutboundChange> readOutbound(OutboundMessageEvent event) {
    if (event == null) {
      throw new UnreadableEventException("the record has no value");
    }
    if (event.status() == null) {
      throw new UnreadableEventException("'status' is missing");
    }
    String sid = messageSid(event.messageSid(), false);
    String what = event.messageId() != null ? event.messageId().toString() : storedSid(sid);
    Instant at = storable(required(event.occurredAt(), "occurredAt"), "occurredAt", what);
    ActivityKind kind;
    Instant happened;
    Instant contacted;
    String summary;
    String body = preview(event.body(), 0);
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
    Optional<String> to = toE164(event.to());
    if (event.contactId() == null && to.isEmpty()) {
      throw new UnreadableEventException(
          "neither 'contactId' nor a valid 'to' number: " + quoted(event.to()));
    }
    if (event.messageId() == null && sid == null) {
      throw new UnreadableEventException("neither 'messageId' nor 'messageSid' is given");
    }
    String messageKey =
        event.messageId() != null ? event.messageId().toString() : "sid:" + keyOf(sid);
    NewActivity activity =
        new NewActivity(
            kind.wireValue(),
            abbreviate(summary, MAX_TEXT_LENGTH),
            storedSid(sid),
            event.messageId(),
            event.status().wireValue(),
            event.errorCode(),
            event.errorMessage() == null
                ? null
                : abbreviate(SafeText.cleaned(event.errorMessage()), MAX_TEXT_LENGTH),
            happened,
            "outbound:" + messageKey + ":" + event.status().wireValue());
    boolean optedOut =
        kind == ActivityKind.SMS_FAILED
            && event.errorCode() != null
            && event.errorCode() == UNSUBSCRIBED_RECIPIENT;
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
   * The least of an outbound change that must be kept when the database refused the whole of it as
   * data: the contact's last contact and opt-out, then, if the database takes it, the activity
   * without its text.
   */
  public Uni<Applied> salvage(OutboundChange change) {
    NewActivity activity = withoutText(change.activity(), change.failurePrefix() + NOT_STORED);
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
                    : activitiesIfPossible(applied, List.of(activity)));
  }

  /**
   * The activities of a salvage are worth a try, not a lost opt-out: a refusal is logged and the
   * salvage stands. (A database outage still fails, so the salvage is retried.)
   */
  private Uni<Void> activitiesIfPossible(Applied applied, List<NewActivity> activities) {
    return repository
        .insertActivities(applied.contactId(), activities)
        .replaceWithVoid()
        .onFailure(e -> SqlStates.classify(e) == SqlStates.Kind.DATA)
        .recoverWithItem(
            e -> {
              LOG.errorf(
                  e,
                  "BUG: the database refused even the salvaged activities %s of contact %s",
                  activities.stream().map(NewActivity::dedupeKey).toList(),
                  applied.contactId());
              return null;
            });
  }

  /** The timeline's view of a body: one line of at most {@link #PREVIEW_LENGTH} characters. */
  static String preview(String body, int mediaCount) {
    String text = abbreviate(oneLine(body), PREVIEW_LENGTH);
    if (mediaCount == 0) {
      return text;
    }
    String media = mediaCount == 1 ? "1 attachment" : mediaCount + " attachments";
    return text.isEmpty() ? "(" + media + ")" : text + " (+" + media + ")";
  }

  /** Cleaned by the one rule, on one line, without surrounding white space; "" for null. */
  static String oneLine(String text) {
    return text == null ? "" : SafeText.cleaned(text).strip().replaceAll("\\s+", " ");
  }

  /** The E.164 form of a number as an event spells it (cleaned and trimmed first). */
  private Optional<String> toE164(String number) {
    return number == null ? Optional.empty() : phones.toE164(SafeText.cleaned(number).strip());
  }

  private static String optInSummary(boolean optedOut) {
    return optedOut ? "Opted out of SMS" : "Opted back in to SMS";
  }

  private static String failureSummary(OutboundMessageEvent event) {
    return failureSummary(
        event.status(),
        event.errorCode(),
        event.errorMessage() == null ? null : abbreviate(oneLine(event.errorMessage()), 120));
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

  private static NewActivity withoutText(NewActivity a, String summary) {
    return new NewActivity(
        a.kind(),
        summary,
        a.messageSid(),
        a.messageId(),
        a.status(),
        a.errorCode(),
        null,
        a.occurredAt(),
        a.dedupeKey());
  }

  static String abbreviate(String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
  }

  /** The SID cleaned and trimmed; null (or unreadable when required) if nothing is left. */
  private static String messageSid(String sid, boolean required) {
    String cleaned = sid == null ? "" : SafeText.cleaned(sid).strip();
    if (cleaned.isEmpty()) {
      if (required) {
        throw new UnreadableEventException("'messageSid' is missing");
      }
      return null;
    }
    return cleaned;
  }

  /** The SID as message_sid holds it. */
  static String storedSid(String sid) {
    return sid == null ? null : abbreviate(sid, MAX_SID_LENGTH);
  }

  /**
   * The SID in a dedupe key: itself, or for one longer than message_sid holds, its SHA-256 (longer
   * than any SID kept as it is, so the two never meet), so that two long SIDs sharing a start stay
   * two messages and the key fits its column.
   */
  static String keyOf(String sid) {
    if (sid.codePointCount(0, sid.length()) <= MAX_SID_LENGTH) {
      return sid;
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(sid.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * A time the database can store; one it cannot (a producer's bug) becomes the time it is stored,
   * so the event is kept rather than refused or retried forever.
   */
  static Instant storable(Instant at, String field, String message) {
    if (at == null || (!at.isBefore(FIRST_STORABLE) && !at.isAfter(LAST_STORABLE))) {
      return at;
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    LOG.warnf(
        "'%s' of message %s is %s, which cannot be stored: stored as %s", field, message, at, now);
    return now;
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

  /** A value quoted in a dead-letter reason: cleaned, and cut so that a huge one stays short. */
  private static String quoted(String value) {
    return value == null ? "null" : abbreviate(SafeText.cleaned(value), 40);
  }

  /**
   * A text from a contact, ready to store.
   *
   * @param optedOut true for an opt-out keyword, false for opt-in, null for neither
   * @param keyword the keyword's activity; null when optedOut is null
   */
  public record InboundChange(
      String phoneE164,
      Instant occurredAt,
      Boolean optedOut,
      NewActivity received,
      NewActivity keyword) {

    /** Names the event in logs (never its body). */
    public String describe() {
      return "inbound message " + received.messageSid();
    }
  }

  /**
   * A change of a text we sent, ready to store.
   *
   * @param toE164 the recipient, when it is a valid number
   * @param contactedAt the send time last_contacted_at moves to; null for none
   * @param optedOut whether the failure says the recipient opted out (21610)
   * @param failurePrefix "Failed (code): " for a failure, else ""
   */
  public record OutboundChange(
      UUID contactId,
      String toE164,
      Instant contactedAt,
      boolean optedOut,
      NewActivity activity,
      String failurePrefix) {

    /** Names the event in logs (never its body). */
    public String describe() {
      return "outbound message "
          + (activity.messageId() != null ? activity.messageId() : activity.messageSid())
          + " "
          + activity.status();
    }
  }
}
