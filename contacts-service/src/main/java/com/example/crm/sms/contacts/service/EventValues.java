package com.example.crm.sms.contacts.service;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.contacts.repository.NewActivity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What an SMS event says, made storable (rules 1 and 12, docs/architecture.md): its text cleaned by
 * the one rule (sms-common {@code SafeText}) and cut to what its column holds, a time no database
 * can store replaced by the time it is stored.
 */
final class EventValues {

  private static final Logger LOG = Logger.getLogger(EventValues.class);

  /** Characters of a message body shown on the timeline. */
  static final int PREVIEW_LENGTH = 160;

  /** contact_activities.message_sid (a real SID has 34 characters). */
  static final int MAX_SID_LENGTH = 64;

  /** contact_activities.summary and error_message. */
  static final int MAX_TEXT_LENGTH = 500;

  /** What a salvaged activity shows instead of the text the database refused. */
  static final String NOT_STORED = "(the text could not be stored)";

  /** timestamptz and the pg client both store these years; the contract's times lie within. */
  private static final Instant FIRST_STORABLE = Instant.parse("0001-01-01T00:00:00Z");

  private static final Instant LAST_STORABLE = Instant.parse("9999-12-31T23:59:59Z");

  private EventValues() {}

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

  static String abbreviate(String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
  }

  /** The E.164 form of a number as an event spells it (cleaned and trimmed first). */
  static Optional<String> toE164(PhoneNumbers phones, String number) {
    return number == null ? Optional.empty() : phones.toE164(SafeText.cleaned(number).strip());
  }

  /** The SID cleaned and trimmed; null (or unreadable when required) if nothing is left. */
  static String messageSid(String sid, boolean required) {
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

  static Instant required(Instant value, String field) {
    if (value == null) {
      throw new UnreadableEventException("'" + field + "' is missing");
    }
    return value;
  }

  static Instant first(Instant a, Instant b) {
    return a != null ? a : b;
  }

  /** A value quoted in a dead-letter reason: cleaned, and cut so that a huge one stays short. */
  static String quoted(String value) {
    return value == null ? "null" : abbreviate(SafeText.cleaned(value), 40);
  }

  /** The activity with {@code summary} for its text and no error message: what a salvage keeps. */
  static NewActivity withoutText(NewActivity a, String summary) {
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
}
