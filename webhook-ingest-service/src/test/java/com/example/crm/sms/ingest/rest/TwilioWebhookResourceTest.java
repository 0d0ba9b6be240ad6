package com.example.crm.sms.ingest.rest;

import static com.example.crm.sms.ingest.TwilioSigning.PRIMARY;
import static com.example.crm.sms.ingest.TwilioSigning.PUBLIC_URL;
import static com.example.crm.sms.ingest.TwilioSigning.SECONDARY;
import static com.example.crm.sms.ingest.TwilioSigning.sign;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.EventJson;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MediaItem;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.ingest.Meters;
import com.example.crm.sms.ingest.Webhooks;
import com.example.crm.sms.ingest.config.KafkaProducerSettings;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class TwilioWebhookResourceTest {

  private static final String TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
  private static final Duration READ = Duration.ofSeconds(15);

  /** How long a test waits to be sure something was NOT published. */
  private static final Duration ABSENCE = Duration.ofSeconds(3);

  @Inject KafkaProducerSettings producerSettings;
  @Inject MeterRegistry registry;

  private static ConsumerRecord<String, String> readOne(String topic, String sid) {
    List<ConsumerRecord<String, String>> found =
        TestKafka.read(topic, r -> r.value().contains(sid), 1, READ);
    assertEquals(1, found.size(), "one record for " + sid + " on " + topic);
    return found.get(0);
  }

  @Test
  void inboundSmsIsPublishedKeyedBySenderE164AndAnsweredWithEmptyTwiml() throws Exception {
    String sid = Webhooks.newMessageSid();
    Map<String, String> params = Webhooks.inbound(sid, "(239) 426-7058", "Is the 3pm viewing on?");
    params.put("AddOns", "{\"status\":\"successful\"}");
    params.put("SomeParameterTwilioAddsLater", "x");
    String url = PUBLIC_URL + "/twilio/messages";

    given()
        .contentType("application/x-www-form-urlencoded; charset=UTF-8")
        .header("X-Twilio-Signature", sign(PRIMARY, url, params))
        .header("I-Twilio-Idempotency-Token", "idem-" + sid)
        .body(Webhooks.formBody(params))
        .post("/twilio/messages")
        .then()
        .statusCode(200)
        .contentType(startsWith("text/xml"))
        .body(equalTo(TWIML));

    ConsumerRecord<String, String> record = readOne(Topics.INBOUND, sid);
    assertEquals("+12394267058", record.key());
    var event =
        EventJson.strictMapper().readValue(record.value(), InboundMessageReceivedEvent.class);
    assertEquals(InboundMessageReceivedEvent.TYPE, event.type());
    assertEquals(1, event.schemaVersion());
    assertEquals(sid, event.messageSid());
    assertEquals("ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", event.accountSid());
    assertEquals("MG00000000000000000000000000000000", event.messagingServiceSid());
    assertEquals("+12394267058", event.from());
    assertEquals("(239) 426-7058", event.fromRaw());
    assertEquals("+12395550100", event.to());
    assertEquals("+12395550100", event.toRaw());
    assertEquals("Is the 3pm viewing on?", event.body());
    assertEquals(1, event.numSegments());
    assertEquals(List.of(), event.media());
    assertEquals(KeywordKind.NONE, event.keyword());
    assertEquals("US", event.fromCountry());
    assertEquals("FL", event.fromState());
    assertEquals("NAPLES", event.fromCity());
    assertEquals("34102", event.fromZip());
    assertEquals("US", event.toCountry());
    assertEquals("idem-" + sid, event.idempotencyToken());
    assertEquals("x", event.otherParameters().get("SomeParameterTwilioAddsLater"));
    assertEquals("{\"status\":\"successful\"}", event.otherParameters().get("AddOns"));
    assertEquals("2010-04-01", event.otherParameters().get("ApiVersion"));
    assertEquals("received", event.otherParameters().get("SmsStatus"));
    assertNull(event.otherParameters().get("From"), "mapped parameters are not repeated");
  }

  @Test
  void mmsMediaAndUnicodeBodyArePublished() throws Exception {
    String sid = Webhooks.newMessageSid();
    Map<String, String> params = Webhooks.inbound(sid, "+447700900123", "Grüße 👋 & =?");
    params.put("NumMedia", "2");
    params.put(
        "MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM0/Media/ME0");
    params.put("MediaContentType0", "image/jpeg");
    params.put(
        "MediaUrl1", "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM0/Media/ME1");
    params.put("MediaContentType1", "application/pdf");
    params.put("NumSegments", "2");

    Webhooks.postSigned("/twilio/messages", params).statusCode(200);

    ConsumerRecord<String, String> record = readOne(Topics.INBOUND, sid);
    assertEquals("+447700900123", record.key());
    var event = EventJson.mapper().readValue(record.value(), InboundMessageReceivedEvent.class);
    assertEquals("Grüße 👋 & =?", event.body());
    assertEquals(2, event.numSegments());
    assertEquals(
        List.of(
            new MediaItem(params.get("MediaUrl0"), "image/jpeg"),
            new MediaItem(params.get("MediaUrl1"), "application/pdf")),
        event.media());
    assertNull(event.otherParameters().get("MediaUrl0"));
    assertNull(event.idempotencyToken());
  }

  @ParameterizedTest(name = "body [{0}] OptOutType [{1}] -> {2}")
  @CsvSource(
      nullValues = "null",
      value = {
        "'  stop ', null, OPT_OUT",
        "STOP 12345, null, NONE",
        "Start, null, OPT_IN",
        "info, null, HELP",
        "Bitte abmelden, STOP, OPT_OUT"
      })
  void publishedKeywordFollowsTheWholeBodyOrOptOutType(
      String body, String optOutType, KeywordKind expected) throws Exception {
    String sid = Webhooks.newMessageSid();
    Map<String, String> params = Webhooks.inbound(sid, "+12394267058", body);
    if (optOutType != null) {
      params.put("OptOutType", optOutType);
    }
    Webhooks.postSigned("/twilio/messages", params).statusCode(200);
    var event =
        EventJson.mapper()
            .readValue(readOne(Topics.INBOUND, sid).value(), InboundMessageReceivedEvent.class);
    assertEquals(expected, event.keyword());
    assertEquals(body, event.body());
    assertEquals(optOutType, event.optOutType());
  }

  @Test
  void shortCodeSenderKeepsItsRawSpellingAsKeyAndFrom() throws Exception {
    String sid = Webhooks.newMessageSid();
    Webhooks.postSigned("/twilio/messages", Webhooks.inbound(sid, "72345", "Your code is 1234"))
        .statusCode(200);
    ConsumerRecord<String, String> record = readOne(Topics.INBOUND, sid);
    assertEquals("72345", record.key());
    var event = EventJson.mapper().readValue(record.value(), InboundMessageReceivedEvent.class);
    assertEquals("72345", event.from());
    assertEquals("72345", event.fromRaw());
  }

  @Test
  void statusCallbackIsPublishedKeyedByMessageSid() throws Exception {
    String sid = Webhooks.newMessageSid();
    Map<String, String> params = Webhooks.status(sid, "undelivered");
    params.put("ErrorCode", "30006");
    params.put("ErrorMessage", "Landline or unreachable carrier");
    params.put("RawDlrDoneDate", "2611250915");
    String url = PUBLIC_URL + "/twilio/status";

    given()
        .contentType("application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", sign(PRIMARY, url, params))
        .header("I-Twilio-Idempotency-Token", "idem-" + sid)
        .body(Webhooks.formBody(params))
        .post("/twilio/status")
        .then()
        .statusCode(200)
        .contentType(startsWith("text/xml"))
        .body(equalTo(TWIML));

    ConsumerRecord<String, String> record = readOne(Topics.STATUS, sid);
    assertEquals(sid, record.key());
    var event =
        EventJson.strictMapper().readValue(record.value(), MessageStatusReportedEvent.class);
    assertEquals(MessageStatusReportedEvent.TYPE, event.type());
    assertEquals(sid, event.messageSid());
    assertEquals("ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", event.accountSid());
    assertEquals(MessageStatus.UNDELIVERED, event.status());
    assertEquals(30006, event.errorCode());
    assertEquals("Landline or unreachable carrier", event.errorMessage());
    assertEquals("2611250915", event.rawDlrDoneDate());
    assertEquals("+12395550100", event.from());
    assertEquals("+12394267058", event.to());
    assertEquals("idem-" + sid, event.idempotencyToken());
  }

  @Test
  void everyTwilioStatusIsAccepted() {
    List<String> statuses =
        List.of(
            "accepted",
            "scheduled",
            "queued",
            "sending",
            "sent",
            "delivered",
            "undelivered",
            "failed",
            "read",
            "canceled",
            "partially_delivered",
            "receiving",
            "received");
    String sid = Webhooks.newMessageSid();
    for (String status : statuses) {
      Webhooks.postSigned("/twilio/status", Webhooks.status(sid, status)).statusCode(200);
    }
    List<ConsumerRecord<String, String>> records =
        TestKafka.read(Topics.STATUS, r -> sid.equals(r.key()), statuses.size(), READ);
    assertEquals(statuses.size(), records.size());
    Set<Integer> partitions = new HashSet<>();
    List<String> seen = new ArrayList<>();
    for (ConsumerRecord<String, String> r : records) {
      partitions.add(r.partition());
      seen.add(r.value().replaceAll(".*\"status\":\"([a-z_]+)\".*", "$1"));
    }
    assertEquals(1, partitions.size(), "one message's statuses share a partition");
    assertEquals(statuses, seen, "in the order posted");
  }

  @Test
  void unknownStatusIsABadRequestNamingIt() {
    String sid = Webhooks.newMessageSid();
    Webhooks.postSigned("/twilio/status", Webhooks.status(sid, "teleported"))
        .statusCode(400)
        .contentType("application/problem+json")
        .body("field", equalTo("MessageStatus"))
        .body("detail", containsString("teleported"));
    Webhooks.postSigned("/twilio/status", Webhooks.status(sid, "unknown"))
        .statusCode(400)
        .body("field", equalTo("MessageStatus"));
    assertEquals(0, TestKafka.read(Topics.STATUS, r -> sid.equals(r.key()), 1, ABSENCE).size());
  }

  @ParameterizedTest(name = "{0} without {1}")
  @CsvSource({
    "/twilio/messages, MessageSid",
    "/twilio/messages, From",
    "/twilio/messages, To",
    "/twilio/status, MessageSid",
    "/twilio/status, MessageStatus"
  })
  void missingRequiredParameterIsABadRequestNamingIt(String path, String missing) {
    String sid = Webhooks.newMessageSid();
    Map<String, String> params =
        path.endsWith("messages")
            ? Webhooks.inbound(sid, "+12394267058", "hi")
            : Webhooks.status(sid, "sent");
    params.remove(missing);
    Webhooks.postSigned(path, params)
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("field", equalTo(missing))
        .body("detail", containsString(missing));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "NumSegments, two",
    "NumMedia, 11",
    "NumMedia, 1",
    "NumMedia, -1",
  })
  void malformedInboundParameterIsABadRequestNamingIt(String name, String value) {
    Map<String, String> params = Webhooks.inbound(Webhooks.newMessageSid(), "+12394267058", "hi");
    params.put(name, value);
    String expectedField = "NumMedia".equals(name) && "1".equals(value) ? "MediaUrl0" : name;
    Webhooks.postSigned("/twilio/messages", params)
        .statusCode(400)
        .contentType("application/problem+json")
        .body("field", equalTo(expectedField));
  }

  @Test
  void nonNumericErrorCodeIsABadRequest() {
    Map<String, String> params = Webhooks.status(Webhooks.newMessageSid(), "failed");
    params.put("ErrorCode", "oops");
    Webhooks.postSigned("/twilio/status", params)
        .statusCode(400)
        .body("field", equalTo("ErrorCode"));
  }

  @Test
  void repeatedParameterIsABadRequest() {
    String sid = Webhooks.newMessageSid();
    Map<String, String> params = Webhooks.inbound(sid, "+12394267058", "hi");
    String body = Webhooks.formBody(params) + "&Body=again";
    given()
        .contentType("application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", sign(PRIMARY, PUBLIC_URL + "/twilio/messages", params))
        .body(body)
        .post("/twilio/messages")
        .then()
        .statusCode(400)
        .body("field", equalTo("Body"));
  }

  /** What a 403 case posts, and the signature it carries (null: no header). */
  private record Posted(Map<String, String> params, String signature) {}

  @Test
  void badSignaturesAreForbiddenCountedAndPublishNothing() {
    String url = PUBLIC_URL + "/twilio/messages";
    double invalidBefore =
        Meters.count(
            registry, WebhookMetrics.REJECTIONS, "kind", "inbound", "reason", "signature_invalid");
    double missingBefore =
        Meters.count(
            registry, WebhookMetrics.REJECTIONS, "kind", "inbound", "reason", "signature_missing");
    Map<String, Function<Map<String, String>, Posted>> cases = new LinkedHashMap<>();
    cases.put("changed parameter", p -> new Posted(with(p, "Body", "STOP"), sign(PRIMARY, url, p)));
    cases.put("added parameter", p -> new Posted(with(p, "Injected", "1"), sign(PRIMARY, url, p)));
    cases.put("wrong token", p -> new Posted(p, sign("not-the-token", url, p)));
    cases.put(
        "signed for the address the test reached, not the public URL",
        p ->
            new Posted(
                p, sign(PRIMARY, "http://localhost:" + RestAssured.port + "/twilio/messages", p)));
    cases.put(
        "signed for another port",
        p -> new Posted(p, sign(PRIMARY, "https://ingest.test.example:8443/twilio/messages", p)));
    cases.put(
        "signed for the other endpoint",
        p -> new Posted(p, sign(PRIMARY, PUBLIC_URL + "/twilio/status", p)));
    cases.put("missing header", p -> new Posted(p, null));
    cases.put("empty header", p -> new Posted(p, ""));

    List<String> sids = new ArrayList<>();
    cases.forEach(
        (name, make) -> {
          String sid = Webhooks.newMessageSid();
          sids.add(sid);
          Posted posted = make.apply(Webhooks.inbound(sid, "+12394267058", "hello"));
          Webhooks.post("/twilio/messages", posted.params(), posted.signature())
              .statusCode(403)
              .contentType("application/problem+json")
              .body("status", equalTo(403));
        });

    assertEquals(
        invalidBefore + 6,
        Meters.count(
            registry, WebhookMetrics.REJECTIONS, "kind", "inbound", "reason", "signature_invalid"));
    assertEquals(
        missingBefore + 2,
        Meters.count(
            registry, WebhookMetrics.REJECTIONS, "kind", "inbound", "reason", "signature_missing"));
    assertEquals(
        0,
        TestKafka.read(Topics.INBOUND, r -> sids.stream().anyMatch(r.value()::contains), 1, ABSENCE)
            .size(),
        "a forbidden webhook publishes nothing");
  }

  private static Map<String, String> with(Map<String, String> params, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(params);
    copy.put(key, value);
    return copy;
  }

  @Test
  void secondaryTokenIsAcceptedSoThePrimaryCanBeRotated() {
    String sid = Webhooks.newMessageSid();
    Map<String, String> params = Webhooks.status(sid, "delivered");
    Webhooks.post("/twilio/status", params, sign(SECONDARY, PUBLIC_URL + "/twilio/status", params))
        .statusCode(200);
    assertEquals(sid, readOne(Topics.STATUS, sid).key());
  }

  @Test
  void queryStringIsPartOfTheSignedUrl() {
    String sid = Webhooks.newMessageSid();
    Map<String, String> params = Webhooks.status(sid, "sent");
    String signedWithQuery = sign(PRIMARY, PUBLIC_URL + "/twilio/status?tenant=a%20b", params);
    given()
        .contentType("application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signedWithQuery)
        .body(Webhooks.formBody(params))
        .urlEncodingEnabled(false)
        .post("/twilio/status?tenant=a%20b")
        .then()
        .statusCode(200);
    given()
        .contentType("application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signedWithQuery)
        .body(Webhooks.formBody(params))
        .urlEncodingEnabled(false)
        .post("/twilio/status?tenant=other")
        .then()
        .statusCode(403);
  }

  @Test
  void duplicateWebhookPublishesOneEventPerPostWithTheSameEventId() throws Exception {
    String sid = Webhooks.newMessageSid();
    Map<String, String> params = Webhooks.status(sid, "delivered");
    String signature = sign(PRIMARY, PUBLIC_URL + "/twilio/status", params);
    for (int i = 0; i < 2; i++) {
      given()
          .contentType("application/x-www-form-urlencoded")
          .header("X-Twilio-Signature", signature)
          .header("I-Twilio-Idempotency-Token", "retry-" + sid)
          .body(Webhooks.formBody(params))
          .post("/twilio/status")
          .then()
          .statusCode(200);
    }
    List<ConsumerRecord<String, String>> records =
        TestKafka.read(Topics.STATUS, r -> sid.equals(r.key()), 2, READ);
    assertEquals(2, records.size());
    var first =
        EventJson.mapper().readValue(records.get(0).value(), MessageStatusReportedEvent.class);
    var second =
        EventJson.mapper().readValue(records.get(1).value(), MessageStatusReportedEvent.class);
    assertEquals(first.eventId(), second.eventId(), "Twilio's retry carries the same event id");

    // Without Twilio's token every POST is an event of its own; consumers dedupe by MessageSid.
    Webhooks.postSigned("/twilio/status", params).statusCode(200);
    Webhooks.postSigned("/twilio/status", params).statusCode(200);
    List<ConsumerRecord<String, String>> all =
        TestKafka.read(Topics.STATUS, r -> sid.equals(r.key()), 4, READ);
    assertEquals(4, all.size());
    assertNotEquals(all.get(2).value(), all.get(3).value());
  }

  @ParameterizedTest(name = "{0} -> 415")
  @CsvSource({"application/json", "text/plain", "multipart/form-data; boundary=x"})
  void otherContentTypesAreUnsupported(String contentType) {
    double before = unsupportedMediaTypeRejections();
    given()
        .contentType(contentType)
        .body("MessageSid=SM1&MessageStatus=sent".getBytes(StandardCharsets.UTF_8))
        .post("/twilio/status")
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
    assertEquals(before + 1, unsupportedMediaTypeRejections());
  }

  private double unsupportedMediaTypeRejections() {
    return Meters.count(
        registry, WebhookMetrics.REJECTIONS, "kind", "status", "reason", "unsupported_media_type");
  }

  @Test
  void bodyOverTheLimitIsTooLarge() {
    Map<String, String> params =
        Webhooks.inbound(Webhooks.newMessageSid(), "+12394267058", "x".repeat(70_000));
    Webhooks.postSigned("/twilio/messages", params)
        .statusCode(413)
        .contentType("application/problem+json")
        .body("status", equalTo(413));
    assertTrue(
        Meters.count(registry, WebhookMetrics.REJECTIONS, "kind", "inbound", "reason", "too_large")
            >= 1);
  }

  @Test
  void bodyJustUnderTheLimitIsAccepted() {
    String sid = Webhooks.newMessageSid();
    Map<String, String> params = Webhooks.inbound(sid, "+12394267058", "");
    int room = 64 * 1024 - Webhooks.formBody(params).length();
    params.put("Body", "y".repeat(room));
    assertEquals(64 * 1024, Webhooks.formBody(params).length());
    Webhooks.postSigned("/twilio/messages", params).statusCode(200);
  }

  @Test
  void chunkedBodyOverTheLimitIsTooLarge() throws Exception {
    byte[] body =
        Webhooks.formBody(
                Webhooks.inbound(Webhooks.newMessageSid(), "+12394267058", "z".repeat(70_000)))
            .getBytes();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/twilio/messages"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", "irrelevant")
            // An input stream has no known length, so the client sends it chunked.
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(413, response.statusCode());
    assertTrue(response.body().contains("\"status\":413"), response.body());
  }

  /**
   * The producer the service built, and what the broker saw of it: only an idempotent producer
   * registers its producer id on the partitions it writes, and Kafka refuses idempotence without
   * acks=all.
   */
  @Test
  void producerWaitsForAllReplicasAndIsIdempotent() throws Exception {
    Map<String, ?> config = producerSettings.properties();
    assertEquals("all", String.valueOf(config.get("acks")));
    assertEquals("true", String.valueOf(config.get("enable.idempotence")));

    String sid = Webhooks.newMessageSid();
    Webhooks.postSigned("/twilio/messages", Webhooks.inbound(sid, "+12394267058", "hi"))
        .statusCode(200);
    TopicPartition partition =
        new TopicPartition(Topics.INBOUND, readOne(Topics.INBOUND, sid).partition());
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      List<ProducerState> producers =
          admin
              .describeProducers(List.of(partition))
              .partitionResult(partition)
              .get(15, TimeUnit.SECONDS)
              .activeProducers();
      assertFalse(producers.isEmpty(), "the service's producer is idempotent on " + partition);
    }
  }

  @Test
  void acceptedWebhooksAreCountedAndPublishLatencyIsTimed() {
    double before =
        Meters.count(registry, WebhookMetrics.WEBHOOKS, "kind", "status", "outcome", "accepted");
    Webhooks.postSigned("/twilio/status", Webhooks.status(Webhooks.newMessageSid(), "sent"))
        .statusCode(200);
    assertEquals(
        before + 1,
        Meters.count(registry, WebhookMetrics.WEBHOOKS, "kind", "status", "outcome", "accepted"));
    given()
        .get(com.example.crm.sms.ingest.Management.url("/q/metrics"))
        .then()
        .statusCode(200)
        .body(containsString("sms_ingest_webhooks_total{"))
        .body(containsString("sms_ingest_kafka_publish_seconds_bucket{"))
        .body(containsString("outcome=\"acked\""));
  }
}
