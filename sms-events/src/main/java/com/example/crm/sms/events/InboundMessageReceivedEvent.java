package com.example.crm.sms.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A text a contact sent us, as Twilio posted it. Published by the ingest service on {@link
 * Topics#INBOUND}, keyed by {@link #from()}.
 *
 * @param from sender, E.164
 * @param fromRaw sender exactly as Twilio sent it
 * @param to our number, E.164
 * @param toRaw our number exactly as Twilio sent it
 * @param body the text, cleaned by the one rule (sms-common {@code SafeText}): no C0 controls but
 *     tab, LF and CR, no lone surrogates
 * @param bodyCleaned whether the ingest service removed or replaced characters of Twilio's Body
 * @param keyword the compliance keyword the body (or Twilio's OptOutType) amounts to
 * @param optOutType Twilio's OptOutType parameter, when Advanced Opt-Out handled the text
 * @param idempotencyToken Twilio's I-Twilio-Idempotency-Token header, when present
 * @param otherParameters every other parameter Twilio sent, so nothing it adds is lost
 */
public record InboundMessageReceivedEvent(
    UUID eventId,
    String type,
    Instant occurredAt,
    int schemaVersion,
    String messageSid,
    String accountSid,
    String messagingServiceSid,
    String from,
    String fromRaw,
    String to,
    String toRaw,
    String body,
    boolean bodyCleaned,
    int numSegments,
    List<MediaItem> media,
    KeywordKind keyword,
    String optOutType,
    String fromCountry,
    String fromState,
    String fromCity,
    String fromZip,
    String toCountry,
    String idempotencyToken,
    Map<String, String> otherParameters)
    implements SmsEvent {

  public static final String TYPE = "sms.inbound.received";
  public static final int SCHEMA_VERSION = 1;

  public InboundMessageReceivedEvent {
    media = media == null ? List.of() : List.copyOf(media);
    otherParameters = otherParameters == null ? Map.of() : Map.copyOf(otherParameters);
    keyword = keyword == null ? KeywordKind.NONE : keyword;
  }
}
