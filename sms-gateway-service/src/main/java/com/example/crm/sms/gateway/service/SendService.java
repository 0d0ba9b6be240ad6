package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.http.QueryParams;
import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.gateway.repository.IdempotencyRepository;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import com.example.crm.sms.security.Actor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/** The send API: checks a text and queues it, once per Idempotency-Key. */
@ApplicationScoped
public class SendService {

  private static final int MAX_BODY_CHARACTERS = 1600;
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  private static final int MAX_IDEMPOTENCY_KEY = 255;

  private final Pool pool;
  private final PhoneNumbers phones;
  private final MessageRepository messages;
  private final IdempotencyRepository keys;
  private final MessageChanges changes;
  private final SendPolicy policy;
  private final Clock clock;

  public SendService(
      Pool pool,
      PhoneNumbers phones,
      MessageRepository messages,
      IdempotencyRepository keys,
      MessageChanges changes,
      SendPolicy policy,
      Clock clock) {
    this.pool = pool;
    this.phones = phones;
    this.messages = messages;
    this.keys = keys;
    this.changes = changes;
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * Validates, then writes the queued message and its outbox event in one statement. With an
   * Idempotency-Key, a repeat of the same request by the same sender answers with the message the
   * first one made. Every refusal comes before the transaction: a bad request writes nothing.
   *
   * @param sender the signed-in caller, recorded as the text's sender
   */
  public Uni<Message> send(MessageDraft request, String idempotencyKey, Actor sender) {
    if (request == null) {
      throw ProblemException.unprocessable("body", "The request needs a JSON body");
    }
    // Text from our own API with control characters or lone surrogates is a client's mistake.
    SafeText.requireSafe("to", request.to());
    SafeText.requireSafe("from", request.from());
    SafeText.requireSafe("body", request.body());
    SafeText.requireSafe("contactId", request.contactId());
    SafeText.requireSafe(IDEMPOTENCY_HEADER, idempotencyKey);
    SafeText.requireSafe("sendAt", request.sendAt());
    requireSafeFields("fields", request.fields());
    String to =
        phones
            .toE164(request.to())
            .orElseThrow(
                () ->
                    ProblemException.unprocessable(
                        "to",
                        request.to() == null || request.to().isBlank()
                            ? "The recipient number 'to' is required"
                            : "Field 'to': '"
                                + QueryParams.abbreviated(request.to())
                                + "' is not a valid phone number"));
    policy.requireAllowedDestination(to);
    String template = request.body();
    if (template == null || template.isEmpty()) {
      throw ProblemException.unprocessable("body", "The message body is required");
    }
    MergeFields.requireKnown("body", template);
    // Segments, encoding and the length limit are the merged text's: what the recipient gets.
    String body = MergeFields.render(template, request.fields());
    requireLength("body", body);
    Instant sendAt = SendTime.parse("sendAt", request.sendAt(), clock.instant());
    SendPolicy.Sender via = policy.sender(request.from());
    String from = via.fromNumber();
    String messagingServiceSid = via.messagingServiceSid();
    String key = normalizedKey(idempotencyKey);
    UUID contactId = contactId(request.contactId());
    SegmentCalculator.Result segments = SegmentCalculator.calculate(body);
    MessageEntity m = new MessageEntity();
    m.id = UUID.randomUUID();
    m.direction = MessageEntity.OUTBOUND;
    m.contactId = contactId;
    m.peerNumber = to;
    m.toNumber = to;
    m.fromNumber = from;
    m.messagingServiceSid = messagingServiceSid;
    m.body = body;
    m.status = sendAt == null ? MessageStatus.QUEUED : MessageStatus.SCHEDULED;
    m.segments = segments.segments();
    m.encoding = segments.encoding();
    m.createdAt = MessageEntity.now();
    m.updatedAt = m.createdAt;
    m.nextAttemptAt = sendAt == null ? m.createdAt : sendAt;
    m.sendAt = sendAt;
    // A scheduled text respects the recipient's quiet hours; one sent by hand now never waits.
    m.quietHours = sendAt != null;
    m.priority = MessageEntity.PRIORITY_DIRECT;
    m.sentBySubject = sender.subject();
    m.sentByName = sender.name();
    // The sender is part of the request: one user's key never answers with another user's text.
    String hash =
        hash(sender.subject(), to, from, contactId, sendAt == null ? body : body + "\0" + sendAt);
    return changes
        .queued(pool, m, key, hash)
        .chain(
            outcome -> {
              if (outcome.created()) {
                return Uni.createFrom().item(m);
              }
              // A key another send took first answers with its message, even when the recipient
              // opted out since; without a key (or a key still free) an opt-out is a 409.
              return key == null
                  ? SendService.<MessageEntity>optedOut(m.toNumber)
                  : replay(key, hash, m.toNumber);
            })
        .map(MessageMapper::toMessage);
  }

  /** The Idempotency-Key trimmed (null for none); empty or over 255 characters is a 400. */
  static String normalizedKey(String idempotencyKey) {
    String key = idempotencyKey == null ? null : idempotencyKey.trim();
    if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY)) {
      throw ProblemException.badRequest(
          IDEMPOTENCY_HEADER,
          "The Idempotency-Key header must have 1 to "
              + MAX_IDEMPOTENCY_KEY
              + " characters, not "
              + key.length());
    }
    return key;
  }

  /** 1 to 1600 characters, counted as Twilio counts them (code points). */
  static void requireLength(String field, String body) {
    if (body.isEmpty()) {
      throw ProblemException.unprocessable(field, "The message body is empty after merging");
    }
    int characters = body.codePointCount(0, body.length());
    if (characters > MAX_BODY_CHARACTERS) {
      throw ProblemException.unprocessable(
          field,
          "The body has "
              + characters
              + " characters; at most "
              + MAX_BODY_CHARACTERS
              + " are allowed");
    }
  }

  /** Merge values are text from our API too: control characters are a 422 naming the value. */
  static void requireSafeFields(String field, Map<String, String> fields) {
    if (fields != null) {
      fields.forEach(
          (name, value) -> {
            SafeText.requireSafe(field + "." + name, name);
            SafeText.requireSafe(field + "." + name, value);
          });
    }
  }

  private static <T> Uni<T> optedOut(String to) {
    return Uni.createFrom()
        .failure(
            new ProblemException(
                Problem.forField(
                    409,
                    "Conflict",
                    "to",
                    to
                        + " has opted out of texts (STOP); nothing is sent until"
                        + " they text START or are re-opted in")));
  }

  private Uni<MessageEntity> replay(String key, String hash, String to) {
    return keys.find(pool, key)
        .chain(
            stored -> {
              if (stored == null) {
                return SendService.<MessageEntity>optedOut(to);
              }
              if (!stored.requestHash().equals(hash)) {
                return Uni.createFrom()
                    .failure(
                        ProblemException.unprocessable(
                            IDEMPOTENCY_HEADER,
                            "This Idempotency-Key was used for a different request"));
              }
              return messages.findById(pool, stored.messageId());
            });
  }

  private static UUID contactId(String value) {
    return contactId("contactId", value);
  }

  static UUID contactId(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(value.trim());
    } catch (IllegalArgumentException e) {
      throw ProblemException.unprocessable(
          field,
          "Field '"
              + field
              + "': '"
              + QueryParams.abbreviated(value)
              + "' is not a contact id (UUID)");
    }
  }

  private static String hash(
      String senderSubject, String to, String from, UUID contactId, String body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part :
          new String[] {senderSubject, to, from, contactId == null ? "" : contactId.toString()}) {
        digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      digest.update(body.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
