package com.example.crm.sms.ingest.service;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.MediaItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns Twilio's inbound-message webhook into an {@link InboundMessageReceivedEvent}. */
public final class InboundMessageMapper {

  /** Twilio sends at most 10 media items with one message. */
  static final int MAX_MEDIA = 10;

  private static final Set<String> MAPPED =
      Set.of(
          "MessageSid",
          "AccountSid",
          "MessagingServiceSid",
          "From",
          "To",
          "Body",
          "NumSegments",
          "NumMedia",
          "OptOutType",
          "FromCountry",
          "FromState",
          "FromCity",
          "FromZip",
          "ToCountry");

  private final PhoneNumbers phones;

  public InboundMessageMapper(PhoneNumbers phones) {
    this.phones = phones;
  }

  /**
   * Maps the form's cleaned parameters ({@link WebhookForm#all()}); {@code bodyCleaned} tells
   * whether the Body lost or had characters replaced, and the keyword is read from the cleaned
   * body, so "STOP" followed by a NUL is an opt-out.
   *
   * @param idempotencyToken Twilio's I-Twilio-Idempotency-Token, or null
   * @throws com.example.crm.sms.common.problem.ProblemException 400 naming a missing or malformed
   *     parameter
   */
  public InboundMessageReceivedEvent toEvent(
      WebhookForm form, String idempotencyToken, Instant receivedAt) {
    String messageSid = form.required("MessageSid");
    String fromRaw = form.required("From");
    String toRaw = form.required("To");
    String body = form.all().getOrDefault("Body", "");
    String optOutType = form.optional("OptOutType");
    Map<String, String> others = new LinkedHashMap<>();
    form.all()
        .forEach(
            (name, value) -> {
              if (!MAPPED.contains(name) && !isMediaParam(name)) {
                others.put(name, value);
              }
            });
    return new InboundMessageReceivedEvent(
        EventIds.forWebhook(InboundMessageReceivedEvent.TYPE, idempotencyToken),
        InboundMessageReceivedEvent.TYPE,
        receivedAt,
        InboundMessageReceivedEvent.SCHEMA_VERSION,
        messageSid,
        form.optional("AccountSid"),
        form.optional("MessagingServiceSid"),
        e164OrRaw(fromRaw),
        fromRaw,
        e164OrRaw(toRaw),
        toRaw,
        body,
        form.changed("Body"),
        form.nonNegativeInt("NumSegments", 1),
        media(form),
        KeywordClassifier.classify(body, optOutType),
        optOutType,
        form.optional("FromCountry"),
        form.optional("FromState"),
        form.optional("FromCity"),
        form.optional("FromZip"),
        form.optional("ToCountry"),
        idempotencyToken,
        others);
  }

  /**
   * The E.164 form of a phone number; a sender that is no phone number (a short code such as
   * "72345", an alphanumeric sender ID, a "whatsapp:" address) keeps Twilio's spelling, trimmed, so
   * the text is still delivered rather than rejected after Twilio has accepted it.
   */
  String e164OrRaw(String raw) {
    return phones.toE164(raw).orElse(raw.strip());
  }

  /** MediaUrl&lt;n&gt; or MediaContentType&lt;n&gt;, without a regex on every parameter. */
  static boolean isMediaParam(String name) {
    int digits =
        name.startsWith("MediaUrl")
            ? 8
            : name.startsWith("MediaContentType") ? "MediaContentType".length() : -1;
    if (digits < 0 || digits == name.length()) {
      return false;
    }
    for (int i = digits; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static List<MediaItem> media(WebhookForm form) {
    Integer declared = form.optionalInt("NumMedia");
    int count = 0;
    if (declared != null) {
      count = declared;
    } else {
      while (count < MAX_MEDIA && form.optional("MediaUrl" + count) != null) {
        count++;
      }
    }
    if (count < 0 || count > MAX_MEDIA) {
      throw com.example.crm.sms.common.problem.ProblemException.badRequest(
          "NumMedia", "Parameter 'NumMedia' must be between 0 and " + MAX_MEDIA);
    }
    List<MediaItem> media = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      media.add(
          new MediaItem(form.required("MediaUrl" + i), form.optional("MediaContentType" + i)));
    }
    return media;
  }
}
