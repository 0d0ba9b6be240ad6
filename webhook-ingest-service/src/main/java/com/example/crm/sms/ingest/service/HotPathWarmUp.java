package com.example.crm.sms.ingest.service;

import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.twilio.TwilioSignature;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.events.kafka.EventSerializer;
import com.example.crm.sms.ingest.config.IngestConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs each webhook's hot path once before the service reports ready: a sample signed form is
 * parsed, its signature verified, mapped to its event, and the event serialised by the contract's
 * serializer (sms-events EventJson), as is the 503's problem+json. A cold JVM builds Jackson's
 * serializers (Blackbird generates a class per property) under a lock on the first use: hit by many
 * requests at once it made a convoy of every thread serialising, so this builds them while no
 * traffic waits. The sample is signed with a token of its own, never the configured one.
 */
@ApplicationScoped
public class HotPathWarmUp {

  static final String SAMPLE_TOKEN = "warm-up-sample-token";
  private static final String SAMPLE_SID = "SM00000000000000000000000000000000";

  /** An account SID of zeros, plainly no real account. */
  private static final String SAMPLE_ACCOUNT = "AC" + "0".repeat(32);

  private final String publicUrl;
  private final InboundMessageMapper inboundMapper;
  private final StatusCallbackMapper statusMapper;
  private final ObjectMapper json;
  private final EventSerializer<Object> events = new EventSerializer<>();
  private volatile Duration took;

  @Inject
  public HotPathWarmUp(
      IngestConfig config,
      InboundMessageMapper inboundMapper,
      StatusCallbackMapper statusMapper,
      ObjectMapper json) {
    this(config.publicUrl(), inboundMapper, statusMapper, json);
  }

  HotPathWarmUp(
      String publicUrl,
      InboundMessageMapper inboundMapper,
      StatusCallbackMapper statusMapper,
      ObjectMapper json) {
    this.publicUrl = publicUrl;
    this.inboundMapper = inboundMapper;
    this.statusMapper = statusMapper;
    this.json = json;
  }

  /**
   * Runs both webhooks' path once.
   *
   * @return the bytes of the two events written
   * @throws IllegalStateException if a step does not give what a webhook would get
   */
  public int run() {
    long start = System.nanoTime();
    int bytes =
        once(
                "/twilio/messages",
                inboundSample(),
                Topics.INBOUND,
                form -> inboundMapper.toEvent(form, "warm-up", Instant.now()))
            + once(
                "/twilio/status",
                statusSample(),
                Topics.STATUS,
                form -> statusMapper.toEvent(form, "warm-up", Instant.now()));
    try {
      // The 503's body, written by the REST layer's own Jackson mapper.
      json.writeValueAsBytes(
          Problem.of(503, "Service Unavailable", "warm-up").at("/twilio/messages"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("warm-up: the problem+json answer cannot be written", e);
    }
    took = Duration.ofNanos(System.nanoTime() - start);
    return bytes;
  }

  /** How long {@link #run()} took, empty until it has run. */
  public Optional<Duration> took() {
    return Optional.ofNullable(took);
  }

  private int once(
      String path, Map<String, String> params, String topic, Function<WebhookForm, Object> mapper) {
    String url = WebhookUrls.fromPublicUrl(publicUrl, path, null);
    String signature = TwilioSignature.sign(SAMPLE_TOKEN, url, params);
    // As the resource reads a body: one char per byte of the URL-encoded form.
    WebhookForm form = WebhookForm.parseOctets(formBody(params));
    if (!new SignatureVerifier(List.of(SAMPLE_TOKEN)).verify(url, form.received(), signature)) {
      throw new IllegalStateException("warm-up: the sample's signature did not verify for " + path);
    }
    byte[] event = events.serialize(topic, mapper.apply(form));
    if (event == null || event.length == 0) {
      throw new IllegalStateException("warm-up: no event written for " + topic);
    }
    return event.length;
  }

  private static String formBody(Map<String, String> params) {
    return params.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** Every field of the event set, media and a non-ASCII body included, so all serializers form. */
  private static Map<String, String> inboundSample() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("MessageSid", SAMPLE_SID);
    p.put("SmsSid", SAMPLE_SID);
    p.put("AccountSid", SAMPLE_ACCOUNT);
    p.put("MessagingServiceSid", "MG00000000000000000000000000000000");
    p.put("From", "+12394267058");
    p.put("To", "(239) 555-0100");
    p.put("Body", "Warm-up ol\u00e1 \ud83d\udc4b");
    p.put("NumSegments", "1");
    p.put("NumMedia", "1");
    p.put("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/SM0/Media/ME0");
    p.put("MediaContentType0", "image/jpeg");
    p.put("OptOutType", "HELP");
    p.put("FromCountry", "US");
    p.put("FromState", "FL");
    p.put("FromCity", "NAPLES");
    p.put("FromZip", "34102");
    p.put("ToCountry", "US");
    p.put("ApiVersion", "2010-04-01");
    return p;
  }

  private static Map<String, String> statusSample() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("MessageSid", SAMPLE_SID);
    p.put("AccountSid", SAMPLE_ACCOUNT);
    p.put("MessageStatus", "undelivered");
    p.put("ErrorCode", "30003");
    p.put("ErrorMessage", "Unreachable destination handset");
    p.put("RawDlrDoneDate", "2611301200");
    p.put("From", "+12395550100");
    p.put("To", "+12394267058");
    p.put("ApiVersion", "2010-04-01");
    return p;
  }
}
