package com.example.crm.sms.ingest.rest;

import static com.example.crm.sms.ingest.TwilioSigning.PRIMARY;
import static com.example.crm.sms.ingest.TwilioSigning.PUBLIC_URL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.events.EventJson;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MediaItem;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.ingest.TwilioSigning;
import com.example.crm.sms.ingest.Webhooks;
import com.example.crm.sms.testsupport.KafkaBroker;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12: bad input from Twilio never loses a text and never gets a 500. Each row posts one
 * webhook to the running service over HTTP and then reads the real broker: a 200 means exactly one
 * event, holding the cleaned values (nothing SafeText would remove, anywhere in it) and the right
 * bodyCleaned flag; a 4xx means a problem+json naming the parameter where there is one (or, where
 * Vert.x answers before the application, its empty answer) and no event at all.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class BadInputTest {

  private static final String MESSAGES = "/twilio/messages";
  private static final String STATUS = "/twilio/status";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String FROM = "+12394267058";

  /** MessageSids of refused rows: checked once more at the end, after everything was sent. */
  private static final Set<String> REFUSED = ConcurrentHashMap.newKeySet();

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static EventLog log;

  /** One request: exactly the bytes posted, and the MessageSid they carry. */
  record Post(
      String path,
      String sid,
      String contentType,
      byte[] body,
      boolean chunked,
      Map<String, String> headers) {}

  /**
   * A row: what it shows, what it posts, the status, and for a 200 what the event holds; for a 4xx
   * the parameter the problem names (null: none), or {@code problem == false} for Vert.x's own
   * bodiless answer.
   */
  record Row(
      String behaviour,
      Post post,
      int status,
      boolean problem,
      String field,
      Consumer<InboundMessageReceivedEvent> inbound,
      Consumer<MessageStatusReportedEvent> statusEvent) {
    @Override
    public String toString() {
      return behaviour;
    }
  }

  static Stream<Row> rows() {
    List<Row> rows = new ArrayList<>();
    controlCharacterRows(rows);
    invalidUtf8Rows(rows);
    sizeRows(rows);
    refusedRows(rows);
    return rows.stream();
  }

  /** Every C0 character in Body, in another parameter and in a status's ErrorMessage. */
  private static void controlCharacterRows(List<Row> rows) {
    for (char c = 0; c < 0x20; c++) {
      final char control = c;
      boolean kept = c == '\t' || c == '\n' || c == '\r';
      String name = String.format("U+%04X", (int) c);
      String fate = kept ? "is kept" : "is removed";

      Map<String, String> body = inbound("a" + control + "b");
      rows.add(
          accepted(
              name + " in Body " + fate + (kept ? ", bodyCleaned false" : ", bodyCleaned true"),
              signed(MESSAGES, body),
              e -> {
                assertEquals(kept ? "a" + control + "b" : "ab", e.body());
                assertEquals(!kept, e.bodyCleaned());
              }));

      Map<String, String> other = inbound("hello");
      other.put("AddOns", "x" + control + "y");
      rows.add(
          accepted(
              name + " in another parameter (AddOns) " + fate + ", Body untouched",
              signed(MESSAGES, other),
              e -> {
                assertEquals(kept ? "x" + control + "y" : "xy", e.otherParameters().get("AddOns"));
                assertEquals("hello", e.body());
                assertFalse(e.bodyCleaned());
              }));

      Map<String, String> status = status("failed");
      status.put("ErrorMessage", "bad" + control + "carrier");
      rows.add(
          acceptedStatus(
              name + " in a status's ErrorMessage " + fate,
              signed(STATUS, status),
              e ->
                  assertEquals(
                      kept ? "bad" + control + "carrier" : "badcarrier", e.errorMessage())));
    }

    rows.add(
        accepted(
            "STOP between control characters and spaces is an opt-out",
            signed(MESSAGES, inbound(" \u0007STOP\u001b ")),
            e -> {
              assertEquals(" STOP ", e.body());
              assertEquals(KeywordKind.OPT_OUT, e.keyword());
              assertTrue(e.bodyCleaned());
            }));
    Map<String, String> from = inbound("hello");
    from.put("From", "+1 (239) 426\u0000-7058");
    from.put("To", "+1239555\u00010100");
    rows.add(
        accepted(
            "From and To with control characters are cleaned, then read as E.164",
            signed(MESSAGES, from),
            e -> {
              assertEquals("+12394267058", e.from());
              assertEquals("+1 (239) 426-7058", e.fromRaw());
              assertEquals("+12395550100", e.to());
              assertEquals("+12395550100", e.toRaw());
              assertFalse(e.bodyCleaned());
            }));
    Map<String, String> media = inbound("");
    media.put("NumMedia", "1");
    media.put("MediaUrl0", "https://api.twilio.com/Media/ME0\u0000");
    media.put("MediaContentType0", "image/\u001bjpeg");
    rows.add(
        accepted(
            "MediaUrl0 and MediaContentType0 with control characters are cleaned",
            signed(MESSAGES, media),
            e ->
                assertEquals(
                    List.of(new MediaItem("https://api.twilio.com/Media/ME0", "image/jpeg")),
                    e.media())));
    Map<String, String> named = inbound("hello");
    named.put("Add\u0001Ons", "x");
    rows.add(
        accepted(
            "a parameter name with a control character is cleaned",
            signed(MESSAGES, named),
            e -> assertEquals("x", e.otherParameters().get("AddOns"))));
    Map<String, String> segments = inbound("hello");
    segments.put("NumSegments", "2\u0000");
    rows.add(
        accepted(
            "NumSegments followed by NUL is read as the number",
            signed(MESSAGES, segments),
            e -> assertEquals(2, e.numSegments())));
    rows.add(
        acceptedStatus(
            "MessageStatus followed by NUL is read as the status",
            signed(STATUS, status("delivered\u0000")),
            e -> assertEquals(MessageStatus.DELIVERED, e.status())));
    Map<String, String> dlr = status("delivered");
    dlr.put("RawDlrDoneDate", "2611\u00190915");
    rows.add(
        acceptedStatus(
            "RawDlrDoneDate with a control character is cleaned",
            signed(STATUS, dlr),
            e -> assertEquals("26110915", e.rawDlrDoneDate())));
  }

  /** Invalid UTF-8 becomes U+FFFD (one per malformed sequence, as the JDK reads it). */
  private static void invalidUtf8Rows(List<Row> rows) {
    rows.add(
        accepted(
            "UTF-8 of a lone high surrogate (%ED%A0%80) in Body is one U+FFFD, bodyCleaned",
            bodyEncodedAs("hi%ED%A0%80", "hi\uFFFD"),
            e -> {
              assertEquals("hi\uFFFD", e.body());
              assertTrue(e.bodyCleaned());
            }));
    rows.add(
        accepted(
            "UTF-8 of a lone low surrogate (%ED%B0%80) in Body is one U+FFFD, bodyCleaned",
            bodyEncodedAs("%ED%B0%80", "\uFFFD"),
            e -> {
              assertEquals("\uFFFD", e.body());
              assertTrue(e.bodyCleaned());
            }));
    rows.add(
        accepted(
            "overlong NUL (%C0%80) after STOP is two U+FFFD: no NUL, no opt-out",
            bodyEncodedAs("STOP%C0%80", "STOP\uFFFD\uFFFD"),
            e -> {
              assertEquals("STOP\uFFFD\uFFFD", e.body());
              assertEquals(KeywordKind.NONE, e.keyword());
              assertTrue(e.bodyCleaned());
            }));
    rows.add(
        accepted(
            "a truncated emoji (%F0%9F%98) is one U+FFFD",
            bodyEncodedAs("ok%F0%9F%98", "ok\uFFFD"), e -> assertEquals("ok\uFFFD", e.body())));
    Map<String, String> signedOther = inbound("hello");
    signedOther.put("AddOns", "a\uFFFDb");
    String sid = signedOther.get("MessageSid");
    rows.add(
        accepted(
            "invalid UTF-8 in another parameter is U+FFFD, Body untouched",
            signedAs(
                MESSAGES,
                sid,
                Webhooks.formBody(signedOther).replace("a%EF%BF%BDb", "a%FFb"),
                signedOther),
            e -> {
              assertEquals("a\uFFFDb", e.otherParameters().get("AddOns"));
              assertFalse(e.bodyCleaned());
            }));
    Map<String, String> status = status("failed");
    status.put("ErrorMessage", "bad\uFFFD");
    rows.add(
        acceptedStatus(
            "invalid UTF-8 in a status's ErrorMessage is U+FFFD",
            signedAs(
                STATUS,
                status.get("MessageSid"),
                Webhooks.formBody(status).replace("bad%EF%BF%BD", "bad%ED%A0%80"),
                status),
            e -> assertEquals("bad\uFFFD", e.errorMessage())));

    Map<String, String> raw = inbound("a\uFFFDb");
    byte[] rawBody =
        Webhooks.formBody(raw)
            .replace("a%EF%BF%BDb", "a\u00FFb")
            .getBytes(StandardCharsets.ISO_8859_1);
    rows.add(
        accepted(
            "a raw byte 0xFF (not percent-encoded) in Body is U+FFFD, bodyCleaned",
            signedBytes(MESSAGES, raw.get("MessageSid"), rawBody, raw),
            e -> {
              assertEquals("a\uFFFDb", e.body());
              assertTrue(e.bodyCleaned());
            }));
    Map<String, String> utf8 = inbound("Grüße");
    byte[] utf8Body =
        Webhooks.formBody(utf8)
            .replace("Gr%C3%BC%C3%9Fe", "Grüße")
            .getBytes(StandardCharsets.UTF_8);
    rows.add(
        accepted(
            "raw UTF-8 (not percent-encoded) in Body is read as UTF-8, no cleaning",
            signedBytes(MESSAGES, utf8.get("MessageSid"), utf8Body, utf8),
            e -> {
              assertEquals("Grüße", e.body());
              assertFalse(e.bodyCleaned());
            }));
    rows.add(
        accepted(
            "U+FFFD that Twilio sent is kept and is no cleaning",
            signed(MESSAGES, inbound("a\uFFFDb")),
            e -> {
              assertEquals("a\uFFFDb", e.body());
              assertFalse(e.bodyCleaned());
            }));
  }

  /** Long and empty values: every one kept as sent. */
  private static void sizeRows(List<Row> rows) {
    String emoji = "\uD83D\uDE00".repeat(1600);
    rows.add(
        accepted(
            "1,600 four-byte emoji are kept whole",
            signed(MESSAGES, inbound(emoji)),
            e -> {
              assertEquals(emoji, e.body());
              assertEquals(1600, e.body().codePointCount(0, e.body().length()));
              assertFalse(e.bodyCleaned());
            }));
    rows.add(
        accepted(
            "an empty Body is an empty text",
            signed(MESSAGES, inbound("")),
            e -> {
              assertEquals("", e.body());
              assertEquals(KeywordKind.NONE, e.keyword());
              assertFalse(e.bodyCleaned());
            }));
    Map<String, String> noBody = inbound("");
    noBody.remove("Body");
    rows.add(
        accepted(
            "no Body parameter is an empty text",
            signed(MESSAGES, noBody),
            e -> assertEquals("", e.body())));
    rows.add(
        accepted(
            "a whitespace-only Body is kept as sent, no keyword",
            signed(MESSAGES, inbound(" \t\r\n ")),
            e -> {
              assertEquals(" \t\r\n ", e.body());
              assertEquals(KeywordKind.NONE, e.keyword());
              assertFalse(e.bodyCleaned());
            }));
    String longFrom = "+1" + "2".repeat(4998);
    Map<String, String> from = inbound("hello");
    from.put("From", longFrom);
    rows.add(
        accepted(
            "a From of 5,000 characters is kept as Twilio's spelling (and key)",
            signed(MESSAGES, from),
            e -> {
              assertEquals(longFrom, e.from());
              assertEquals(longFrom, e.fromRaw());
            }));
    String longTo = "A".repeat(5000);
    Map<String, String> to = inbound("hello");
    to.put("To", longTo);
    rows.add(
        accepted(
            "a To of 5,000 characters is kept as Twilio's spelling",
            signed(MESSAGES, to),
            e -> assertEquals(longTo, e.to())));
    Map<String, String> statusFrom = status("sent");
    statusFrom.put("From", longTo);
    rows.add(
        acceptedStatus(
            "a status's From of 5,000 characters is kept",
            signed(STATUS, statusFrom),
            e -> assertEquals(longTo, e.from())));
    String token = "t".repeat(10 * 1024);
    rows.add(
        accepted(
            "a 10 KiB I-Twilio-Idempotency-Token is kept",
            withHeader(signed(MESSAGES, inbound("hello")), "I-Twilio-Idempotency-Token", token),
            e -> assertEquals(token, e.idempotencyToken())));
    rows.add(
        acceptedStatus(
            "a 10 KiB I-Twilio-Idempotency-Token on a status is kept",
            withHeader(signed(STATUS, status("sent")), "I-Twilio-Idempotency-Token", token),
            e -> assertEquals(token, e.idempotencyToken())));
  }

  /** What is refused, and how. */
  private static void refusedRows(List<Row> rows) {
    rows.add(
        refused(
            "a malformed escape in Body (100%) is a 400 naming Body",
            unsignedRaw(MESSAGES, "Body=100%"), 400, "Body"));
    rows.add(
        refused(
            "a truncated escape in Body (%F0%9F%9) is a 400 naming Body",
            unsignedRaw(MESSAGES, "Body=ok%F0%9F%9"), 400, "Body"));
    rows.add(
        refused(
            "a malformed escape in a name is a 400 naming the body",
            unsignedRaw(MESSAGES, "Bo%zzdy=1"),
            400,
            "body"));
    rows.add(
        refused(
            "a malformed escape in a status's ErrorMessage is a 400 naming ErrorMessage",
            unsignedRaw(STATUS, "ErrorMessage=%G0"),
            400,
            "ErrorMessage"));
    Map<String, String> repeated = inbound("hi");
    rows.add(
        refused(
            "a repeated Body is a 400 naming Body",
            signedAs(
                MESSAGES,
                repeated.get("MessageSid"),
                Webhooks.formBody(repeated) + "&Body=again",
                repeated),
            400,
            "Body"));
    Map<String, String> collide = inbound("hi");
    collide.put("Bo\u0000dy", "there");
    rows.add(
        refused(
            "two names that are one after cleaning (Body, Bo%00dy) are a 400 naming Body",
            signed(MESSAGES, collide), 400, "Body"));
    String sid = Webhooks.newMessageSid();
    String json = "{\"MessageSid\":\"" + sid + "\",\"Body\":\"hi\"}";
    rows.add(
        refused(
            "a body that is no form (JSON) is a 400 naming MessageSid",
            signedAs(MESSAGES, sid, json, Map.of(json, "")),
            400,
            "MessageSid"));
    Map<String, String> onlyControls = inbound("hello");
    onlyControls.put("From", "\u0000\u0007");
    rows.add(
        refused(
            "a From of only control characters is a 400 naming From: no sender is left",
            signed(MESSAGES, onlyControls),
            400,
            "From"));
    Map<String, String> cleanedBeforeSigning = inbound("STOP");
    String sid2 = cleanedBeforeSigning.get("MessageSid");
    rows.add(
        refused(
            "a signature over the cleaned values is a 403: it covers what Twilio sent",
            signedAs(
                MESSAGES,
                sid2,
                Webhooks.formBody(inbound(sid2, "STOP\u0000")),
                cleanedBeforeSigning),
            403,
            null));
    for (String type : List.of("text/plain", "application/json")) {
      rows.add(
          refused(
              type + " on /twilio/messages is a 415",
              withContentType(signed(MESSAGES, inbound("hello")), type),
              415,
              null));
      rows.add(
          refused(
              type + " on /twilio/status is a 415",
              withContentType(signed(STATUS, status("sent")), type),
              415,
              null));
    }
    rows.add(
        refused(
            "a body over 64 KiB on /twilio/messages is a 413",
            signed(MESSAGES, inbound("x".repeat(70_000))),
            413,
            null));
    Map<String, String> bigStatus = status("failed");
    bigStatus.put("ErrorMessage", "x".repeat(70_000));
    rows.add(
        refused(
            "a body over 64 KiB on /twilio/status is a 413", signed(STATUS, bigStatus), 413, null));
    Post big = signed(MESSAGES, inbound("z".repeat(70_000)));
    rows.add(
        refused(
            "a chunked body over 64 KiB is a 413",
            new Post(big.path(), big.sid(), FORM, big.body(), true, big.headers()),
            413,
            null));
    rows.add(
        refusedBeforeTheApp(
            "30 KiB of headers is Vert.x's 431, before the app: no body",
            withHeader(signed(STATUS, status("sent")), "X-Padding", "p".repeat(30 * 1024)),
            431));
    Map<String, String> longUrl = status("sent");
    String path = STATUS + "?q=" + "q".repeat(10_000);
    rows.add(
        refusedBeforeTheApp(
            "a 10,000-character URL is Vert.x's 414, before the app: no body",
            signedAs(path, longUrl.get("MessageSid"), Webhooks.formBody(longUrl), longUrl),
            414));
  }

  @BeforeAll
  static void openLog() {
    log = new EventLog();
  }

  @AfterAll
  static void noRefusedWebhookReachedKafkaEvenLater() {
    try {
      // A refused webhook's event would have been handed to the producer before the answer: give
      // it the time other tests give an absence, then read both topics again.
      sleep(Duration.ofSeconds(3));
      for (String sid : REFUSED) {
        assertEquals(List.of(), log.with(sid), "refused webhook " + sid + " reached Kafka");
      }
    } finally {
      log.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void badInputIsAnsweredAndPublishedAsTheRowSays(Row row) throws Exception {
    HttpResponse<String> response = send(row.post());
    String what = row.behaviour() + ": " + response.body();
    assertEquals(row.status(), response.statusCode(), what);
    List<ConsumerRecord<String, String>> records = log.with(row.post().sid());
    if (row.status() == 200) {
      assertEquals(1, records.size(), "exactly one event: " + what);
      ConsumerRecord<String, String> record = records.get(0);
      JsonNode json = EventJson.mapper().readTree(record.value());
      assertNothingToClean(json, "");
      if (row.inbound() != null) {
        assertEquals(Topics.INBOUND, record.topic());
        var event =
            EventJson.strictMapper().readValue(record.value(), InboundMessageReceivedEvent.class);
        assertEquals(event.from(), record.key(), "keyed by the cleaned sender");
        row.inbound().accept(event);
      } else {
        assertEquals(Topics.STATUS, record.topic());
        var event =
            EventJson.strictMapper().readValue(record.value(), MessageStatusReportedEvent.class);
        assertEquals(event.messageSid(), record.key());
        row.statusEvent().accept(event);
      }
      return;
    }
    REFUSED.add(row.post().sid());
    assertEquals(List.of(), records, "nothing reached Kafka: " + what);
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    if (!row.problem()) {
      assertEquals("", response.body(), what);
      return;
    }
    assertEquals("application/problem+json", contentType, what);
    JsonNode problem = EventJson.mapper().readTree(response.body());
    assertEquals(row.status(), problem.path("status").asInt(), what);
    assertEquals(URI.create(row.post().path()).getPath(), problem.path("instance").asText(), what);
    if (row.field() == null) {
      assertNull(problem.get("field"), what);
    } else {
      assertEquals(row.field(), problem.path("field").asText(), what);
      assertTrue(problem.path("detail").asText().contains("'" + row.field() + "'"), what);
    }
  }

  @Test
  void signedStopFollowedByNulIsAnOptOut() throws Exception {
    String sid = Webhooks.newMessageSid();
    Map<String, String> params = Webhooks.inbound(sid, FROM, "STOP\u0000");
    assertTrue(Webhooks.formBody(params).contains("Body=STOP%00"));

    Webhooks.postSigned(MESSAGES, params).statusCode(200);

    List<ConsumerRecord<String, String>> found =
        TestKafka.read(Topics.INBOUND, r -> r.value().contains(sid), 1, Duration.ofSeconds(15));
    assertEquals(1, found.size());
    var event =
        EventJson.strictMapper().readValue(found.get(0).value(), InboundMessageReceivedEvent.class);
    assertEquals("STOP", event.body());
    assertEquals(KeywordKind.OPT_OUT, event.keyword());
    assertTrue(event.bodyCleaned());
    assertEquals(FROM, found.get(0).key());
  }

  // --- rows -------------------------------------------------------------------------------------

  private static Map<String, String> inbound(String body) {
    return inbound(Webhooks.newMessageSid(), body);
  }

  private static Map<String, String> inbound(String sid, String body) {
    return Webhooks.inbound(sid, FROM, body);
  }

  private static Map<String, String> status(String status) {
    Map<String, String> params = Webhooks.status(Webhooks.newMessageSid(), status);
    params.put("ErrorCode", "30006");
    return params;
  }

  private static Row accepted(
      String behaviour, Post post, Consumer<InboundMessageReceivedEvent> expect) {
    return new Row(behaviour, post, 200, false, null, expect, null);
  }

  private static Row acceptedStatus(
      String behaviour, Post post, Consumer<MessageStatusReportedEvent> expect) {
    return new Row(behaviour, post, 200, false, null, null, expect);
  }

  private static Row refused(String behaviour, Post post, int status, String field) {
    return new Row(behaviour, post, status, true, field, null, null);
  }

  private static Row refusedBeforeTheApp(String behaviour, Post post, int status) {
    return new Row(behaviour, post, status, false, null, null, null);
  }

  /** The parameters form-encoded as Twilio does, signed over them. */
  private static Post signed(String path, Map<String, String> params) {
    return signedAs(path, params.get("MessageSid"), Webhooks.formBody(params), params);
  }

  /**
   * An inbound webhook whose Body is written {@code encoded}, which the service reads as {@code
   * decoded}.
   */
  private static Post bodyEncodedAs(String encoded, String decoded) {
    Map<String, String> params = inbound(decoded);
    String body = Webhooks.formBody(params);
    String written = Webhooks.formBody(Map.of("Body", decoded));
    return signedAs(
        MESSAGES, params.get("MessageSid"), body.replace(written, "Body=" + encoded), params);
  }

  /**
   * {@code body} posted as written, signed over {@code signedParams} (how the service reads it).
   */
  private static Post signedAs(
      String path, String sid, String body, Map<String, String> signedParams) {
    return signedBytes(path, sid, body.getBytes(StandardCharsets.ISO_8859_1), signedParams);
  }

  private static Post signedBytes(
      String path, String sid, byte[] body, Map<String, String> signedParams) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Twilio-Signature", TwilioSigning.sign(PRIMARY, PUBLIC_URL + path, signedParams));
    return new Post(path, sid, FORM, body, false, headers);
  }

  /** A body the service refuses before the signature check; it still carries a MessageSid. */
  private static Post unsignedRaw(String path, String body) {
    String sid = Webhooks.newMessageSid();
    return new Post(
        path,
        sid,
        FORM,
        ("MessageSid=" + sid + "&" + body).getBytes(StandardCharsets.ISO_8859_1),
        false,
        Map.of("X-Twilio-Signature", "not-checked"));
  }

  private static Post withHeader(Post post, String name, String value) {
    Map<String, String> headers = new LinkedHashMap<>(post.headers());
    headers.put(name, value);
    return new Post(post.path(), post.sid(), post.contentType(), post.body(), false, headers);
  }

  private static Post withContentType(Post post, String contentType) {
    return new Post(post.path(), post.sid(), contentType, post.body(), false, post.headers());
  }

  // --- plumbing ---------------------------------------------------------------------------------

  private static HttpResponse<String> send(Post post) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + post.path()))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", post.contentType())
            // An input stream has no known length, so the client sends it chunked.
            .POST(
                post.chunked()
                    ? HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(post.body()))
                    : HttpRequest.BodyPublishers.ofByteArray(post.body()));
    post.headers().forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** No name or text anywhere in the event holds what SafeText removes or replaces. */
  private static void assertNothingToClean(JsonNode node, String at) {
    if (node.isTextual()) {
      assertEquals(-1, SafeText.firstUnsafeIndex(node.asText()), "text at " + at);
    }
    node.fields()
        .forEachRemaining(
            f -> {
              assertEquals(-1, SafeText.firstUnsafeIndex(f.getKey()), "name at " + at);
              assertNothingToClean(f.getValue(), at + "." + f.getKey());
            });
    for (int i = 0; node.isArray() && i < node.size(); i++) {
      assertNothingToClean(node.get(i), at + "[" + i + "]");
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Both topics read from the beginning up to their end at each call, by one consumer kept for the
   * whole class. A 200 is answered only after Kafka acknowledged, so its record is within the end.
   */
  private static final class EventLog implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    EventLog() {
      Properties props = new Properties();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
      props.put(ConsumerConfig.GROUP_ID_CONFIG, "bad-input-" + UUID.randomUUID());
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
      for (String topic : List.of(Topics.INBOUND, Topics.STATUS)) {
        consumer
            .partitionsFor(topic)
            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    List<ConsumerRecord<String, String>> with(String sid) {
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        assertTrue(System.nanoTime() < deadline, "could not read both topics to their end");
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records.stream().filter(r -> r.value().contains(sid)).toList();
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
