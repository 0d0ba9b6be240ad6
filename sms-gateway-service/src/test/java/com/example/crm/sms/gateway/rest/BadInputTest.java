package com.example.crm.sms.gateway.rest;

import static com.example.crm.sms.gateway.support.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.ApiLimitsProfile;
import com.example.crm.sms.gateway.support.Db;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule 8 (docs/architecture.md), walked over every endpoint: a bad request is a 4xx problem+json
 * naming the field or parameter at fault, and it writes nothing (every table the API writes is
 * counted before and after). The application runs nothing in the background (ApiLimitsProfile), so
 * the counts only move if a request wrote something.
 */
@QuarkusTest
@TestProfile(ApiLimitsProfile.class)
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class BadInputTest {

  private static final String TO = Numbers.fresh();
  private static final String MESSAGES = "/api/messages";
  private static final String CONVERSATION = "/api/conversations/" + TO + "/messages";
  private static final String STREAM = "/api/conversations/" + TO + "/stream";
  private static final String OPT_OUT = "/api/opt-outs/" + TO;
  private static final String CAMPAIGNS = "/api/campaigns";
  private static final String OVER_64_KIB = "a".repeat(65 * 1024);
  private static boolean quiet;

  @Inject Pool pool;

  @TestHTTPResource("/")
  URL base;

  /** One bad request: what it is, how it is sent, the status and the field it must name. */
  record Row(String name, Function<URL, Response> request, int status, String field) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Row row(String name, int status, String field, Function<URL, Response> request) {
    return new Row(name, request, status, field);
  }

  private static RequestSpecification raw() {
    return given().urlEncodingEnabled(false);
  }

  private static Response postJson(String json) {
    return given().contentType("application/json").body(json).post(MESSAGES);
  }

  private static String send(String field, String jsonValue) {
    StringBuilder json = new StringBuilder("{");
    for (String f : List.of("to", "body", "from", "contactId")) {
      String value =
          f.equals(field)
              ? jsonValue
              : switch (f) {
                case "to" -> "\"" + TO + "\"";
                case "body" -> "\"Hello\"";
                default -> null;
              };
      if (value != null) {
        json.append(json.length() > 1 ? "," : "").append('"').append(f).append("\":").append(value);
      }
    }
    return json.append('}').toString();
  }

  /** A JSON string literal holding {@code c} between two letters, escaped as \\uXXXX. */
  private static String withChar(char c) {
    return String.format("\"a\\u%04xb\"", (int) c);
  }

  private static String cursor(String decoded) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
  }

  static Stream<Row> rows() {
    List<Row> rows = new ArrayList<>();
    // POST /api/messages: the body as a whole.
    rows.add(row("send: malformed JSON is 400", 400, null, u -> postJson("{\"to\":")));
    rows.add(row("send: a JSON array is 400", 400, null, u -> postJson("[]")));
    rows.add(row("send: JSON null is 422 naming body", 422, "body", u -> postJson("null")));
    rows.add(
        row(
            "send: trailing garbage is 400",
            400,
            null,
            u -> postJson(send("body", "\"Hi\"") + " x")));
    rows.add(
        row(
            "send: a repeated key is 400",
            400,
            null,
            u -> postJson("{\"to\":\"" + TO + "\",\"to\":\"" + TO + "\",\"body\":\"Hi\"}")));
    rows.add(
        row(
            "send: an unknown field is 400 naming it",
            400,
            "form",
            u -> postJson("{\"to\":\"" + TO + "\",\"body\":\"Hi\",\"form\":\"+15005550006\"}")));
    rows.add(
        row(
            "send: a body over 64 KiB is 413",
            413,
            null,
            u -> postJson(send("body", "\"" + OVER_64_KIB + "\""))));
    rows.add(
        row(
            "send: a chunked body (no Content-Length) is 411",
            411,
            null,
            BadInputTest::chunkedSend));
    rows.add(
        row(
            "send: text/plain is 415",
            415,
            null,
            u -> given().contentType("text/plain").body(send("body", "\"Hi\"")).post(MESSAGES)));
    rows.add(
        row(
            "send: application/xml is 415",
            415,
            null,
            u -> given().contentType("application/xml").body("<to/>").post(MESSAGES)));
    // Wrong JSON types and numbers no field takes.
    for (String field : List.of("to", "body", "from", "contactId")) {
      for (String[] value :
          List.of(
              new String[] {"a number", "123"},
              new String[] {"a number beyond long", "123456789012345678901234567890"},
              new String[] {"a number beyond double", "1e400"},
              new String[] {"a boolean", "true"},
              new String[] {"an object", "{}"},
              new String[] {"an array", "[\"+12394267058\"]"})) {
        rows.add(
            row(
                "send: " + field + " as " + value[0] + " is 400 naming it",
                400,
                field,
                u -> postJson(send(field, value[1]))));
      }
    }
    // NUL and other C0 controls (sms-common's SafeTextTest covers every one), and lone
    // surrogates, in every string field.
    for (String field : List.of("to", "body", "from", "contactId")) {
      for (char control : new char[] {0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x1f}) {
        rows.add(
            row(
                String.format("send: U+%04X in %s is 422 naming it", (int) control, field),
                422,
                field,
                u -> postJson(send(field, withChar(control)))));
      }
      rows.add(
          row(
              "send: a lone high surrogate in " + field + " is 422 naming it",
              422,
              field,
              u -> postJson(send(field, withChar('\ud800')))));
      rows.add(
          row(
              "send: a lone low surrogate in " + field + " is 422 naming it",
              422,
              field,
              u -> postJson(send(field, withChar('\udc00')))));
    }
    rows.add(
        row(
            "send: a 10 KiB Idempotency-Key is 400 naming it",
            400,
            "Idempotency-Key",
            u ->
                given()
                    .contentType("application/json")
                    .header("Idempotency-Key", "k".repeat(10 * 1024))
                    .body(send("body", "\"Hi\""))
                    .post(MESSAGES)));
    rows.add(
        row(
            "send: a blank Idempotency-Key is 400 naming it",
            400,
            "Idempotency-Key",
            u ->
                given()
                    .contentType("application/json")
                    .header("Idempotency-Key", "   ")
                    .body(send("body", "\"Hi\""))
                    .post(MESSAGES)));
    rows.add(
        row(
            "send: two Idempotency-Key headers are 400 naming it",
            400,
            "Idempotency-Key",
            u ->
                given()
                    .contentType("application/json")
                    .header("Idempotency-Key", "one")
                    .header("Idempotency-Key", "two")
                    .body(send("body", "\"Hi\""))
                    .post(MESSAGES)));
    rows.add(
        row(
            "send: a 5,000 character to is 422 naming it",
            422,
            "to",
            u -> postJson(send("to", "\"" + "1".repeat(5000) + "\""))));
    rows.add(
        row(
            "send: a 5,000 character from is 422 naming it",
            422,
            "from",
            u -> postJson(send("from", "\"" + "1".repeat(5000) + "\""))));
    rows.add(
        row(
            "send: a 1,601 character body is 422 naming it",
            422,
            "body",
            u -> postJson(send("body", "\"" + "a".repeat(1601) + "\""))));
    rows.add(
        row(
            "send: a from that is not ours is 422 naming it",
            422,
            "from",
            u -> postJson(send("from", "\"+12394260997\""))));
    rows.add(
        row(
            "send: a destination in a country not allowed is 422 naming to",
            422,
            "to",
            u -> postJson(send("to", "\"+442079460958\""))));
    rows.add(
        row(
            "send: a contactId that is no UUID is 422 naming it",
            422,
            "contactId",
            u -> postJson(send("contactId", "\"" + "f".repeat(5000) + "\""))));

    // GET /api/messages/{id}
    rows.add(
        row(
            "message: an id that is no UUID is 400 naming it",
            400,
            "id",
            u -> given().get(MESSAGES + "/not-a-uuid")));
    rows.add(
        row(
            "message: NUL in the id is 422 naming it",
            422,
            "id",
            u -> raw().get(MESSAGES + "/%00")));

    // GET /api/conversations/{phone}/messages
    for (String limit :
        List.of(
            "abc",
            "0",
            "-1",
            "101",
            "1.5",
            "2147483648",
            "-2147483649",
            "9223372036854775808",
            "99999999999999999999999")) {
      rows.add(
          row(
              "history: limit=" + limit + " is 400 naming limit",
              400,
              "limit",
              u -> given().queryParam("limit", limit).get(CONVERSATION)));
    }
    for (String[] before :
        List.of(
            new String[] {"garbage", "garbage"},
            new String[] {"negative time", cursor("-1:00000000-0000-0000-0000-000000000000")},
            new String[] {
              "time beyond year 9999",
              cursor("9223372036854775807:00000000-0000-0000-0000-000000000000")
            },
            new String[] {"no id", cursor("1700000000000000")},
            new String[] {"a bad id", cursor("1700000000000000:not-a-uuid")},
            new String[] {"NUL", "%00"})) {
      rows.add(
          row(
              "history: before with " + before[0] + " is 400 naming before",
              400,
              "before",
              u -> raw().get(CONVERSATION + "?before=" + before[1])));
    }
    rows.add(
        row(
            "history: NUL in the phone is 422 naming it",
            422,
            "phone",
            u -> raw().get("/api/conversations/%2B1239426%001234/messages")));
    rows.add(
        row(
            "history: a phone that is no number is 422 naming it",
            422,
            "phone",
            u -> given().get("/api/conversations/not-a-number/messages")));
    rows.add(
        row(
            "history: a 1,000 character phone is 422 naming it",
            422,
            "phone",
            u -> given().get("/api/conversations/" + "1".repeat(1000) + "/messages")));

    // GET /api/conversations/{phone}/stream
    rows.add(
        row(
            "stream: NUL in the phone is 422 naming it",
            422,
            "phone",
            u -> raw().accept("text/event-stream").get("/api/conversations/%2B1239%00/stream")));
    rows.add(
        row(
            "stream: a phone that is no number is 422 naming it",
            422,
            "phone",
            u -> given().accept("text/event-stream").get("/api/conversations/abc/stream")));

    // GET /api/opt-outs/{phone} and POST /api/opt-outs/{phone}/lift
    rows.add(
        row(
            "opt-out: NUL in the phone is 422 naming it",
            422,
            "phone",
            u -> raw().get("/api/opt-outs/%2B1239426%001234")));
    rows.add(
        row(
            "opt-out: a phone that is no number is 422 naming it",
            422,
            "phone",
            u -> given().get("/api/opt-outs/12")));
    rows.add(
        row(
            "lift: NUL in the phone is 422 naming it",
            422,
            "phone",
            u -> lift(raw(), "/api/opt-outs/%2B1239426%001234/lift", "{\"reason\":\"Asked\"}")));
    rows.add(
        row(
            "lift: a phone that is no number is 422 naming it",
            422,
            "phone",
            u -> lift(given(), "/api/opt-outs/12/lift", "{\"reason\":\"Asked\"}")));
    rows.add(row("lift: malformed JSON is 400", 400, null, u -> lift("{\"reason\":")));
    rows.add(row("lift: JSON null is 422 naming reason", 422, "reason", u -> lift("null")));
    rows.add(row("lift: no reason is 422 naming it", 422, "reason", u -> lift("{}")));
    rows.add(
        row("lift: a null reason is 422 naming it", 422, "reason", u -> lift("{\"reason\":null}")));
    rows.add(
        row(
            "lift: an empty reason is 422 naming it",
            422,
            "reason",
            u -> lift("{\"reason\":\"\"}")));
    rows.add(
        row(
            "lift: a reason of spaces and line breaks is 422 naming it",
            422,
            "reason",
            u -> lift("{\"reason\":\"  \\n\\t \"}")));
    rows.add(
        row(
            "lift: a reason of 501 characters is 422 naming it",
            422,
            "reason",
            u -> lift("{\"reason\":\"" + "a".repeat(501) + "\"}")));
    rows.add(
        row(
            "lift: 501 emoji (1002 UTF-16 units) are 422 naming reason",
            422,
            "reason",
            u -> lift("{\"reason\":\"" + "\uD83D\uDE00".repeat(501) + "\"}")));
    for (char c : new char[] {0, 7, 27}) {
      rows.add(
          row(
              "lift: U+" + String.format("%04X", (int) c) + " in the reason is 422 naming it",
              422,
              "reason",
              u -> lift("{\"reason\":" + withChar(c) + "}")));
    }
    rows.add(
        row(
            "lift: a lone surrogate in the reason is 422 naming it",
            422,
            "reason",
            u -> lift("{\"reason\":\"a\\ud800b\"}")));
    rows.add(
        row(
            "lift: a reason that is an object is 400 naming it",
            400,
            "reason",
            u -> lift("{\"reason\":{\"text\":\"Asked\"}}")));
    // Who lifts it comes from the sign-in: a body naming someone is refused, not ignored.
    rows.add(
        row(
            "lift: a body naming who did it is 400 naming that member",
            400,
            "by",
            u -> lift("{\"reason\":\"Asked\",\"by\":\"agent\"}")));
    rows.add(
        row(
            "lift: a text/plain body is 415",
            415,
            null,
            u -> given().contentType("text/plain").body("Asked").post(OPT_OUT + "/lift")));
    rows.add(
        row(
            "lift: a body over 64 KiB is 413",
            413,
            null,
            u -> lift("{\"reason\":\"" + OVER_64_KIB + "\"}")));
    rows.add(row("lift: the old DELETE is 405", 405, null, u -> given().delete(OPT_OUT)));
    scheduleAndCampaignRows(rows);
    return rows.stream();
  }

  private static Response lift(String json) {
    return lift(given(), OPT_OUT + "/lift", json);
  }

  private static Response lift(RequestSpecification spec, String path, String json) {
    return spec.contentType("application/json").body(json).post(path);
  }

  private static Response postCampaign(String json) {
    return given().contentType("application/json").body(json).post(CAMPAIGNS);
  }

  /** A campaign request with one recipient entry as given (JSON). */
  private static String campaign(String recipientJson) {
    return "{\"name\":\"Open Saturday\",\"body\":\"Hi {firstName|there}\",\"recipients\":["
        + recipientJson
        + "]}";
  }

  /** Scheduled texts, merge fields and campaigns (issue 16). */
  private static void scheduleAndCampaignRows(List<Row> rows) {
    String soon = java.time.OffsetDateTime.now().plusSeconds(30).toString();
    String noOffset = java.time.LocalDateTime.now().plusHours(1).toString();
    rows.add(
        row(
            "send: sendAt 30 s ahead is 422 naming sendAt",
            422,
            "sendAt",
            u -> postJson("{\"to\":\"" + TO + "\",\"body\":\"Hi\",\"sendAt\":\"" + soon + "\"}")));
    rows.add(
        row(
            "send: sendAt without an offset is 422 naming sendAt",
            422,
            "sendAt",
            u ->
                postJson(
                    "{\"to\":\"" + TO + "\",\"body\":\"Hi\",\"sendAt\":\"" + noOffset + "\"}")));
    rows.add(
        row(
            "send: an unknown merge field is 422 naming body",
            422,
            "body",
            u -> postJson(send("body", "\"Hi {nickname}\""))));
    rows.add(
        row(
            "send: a control character in a merge value is 422 naming it",
            422,
            "fields.firstName",
            u ->
                postJson(
                    "{\"to\":\""
                        + TO
                        + "\",\"body\":\"Hi {firstName}\",\"fields\":{\"firstName\":"
                        + withChar('\u0007')
                        + "}}")));
    rows.add(
        row(
            "cancel: an id that is no UUID is 400 naming id",
            400,
            "id",
            u -> given().post(MESSAGES + "/not-a-uuid/cancel")));
    rows.add(row("campaign: JSON null is 422 naming body", 422, "body", u -> postCampaign("null")));
    rows.add(
        row(
            "campaign: an unknown field is 400 naming it",
            400,
            "subject",
            u -> postCampaign("{\"name\":\"x\",\"body\":\"Hi\",\"subject\":\"x\"}")));
    rows.add(
        row(
            "campaign: no name is 422 naming name",
            422,
            "name",
            u -> postCampaign("{\"body\":\"Hi\",\"recipients\":[]}")));
    rows.add(
        row(
            "campaign: an unknown merge field is 422 naming body",
            422,
            "body",
            u -> postCampaign("{\"name\":\"x\",\"body\":\"Hi {nickname}\"}")));
    rows.add(
        row(
            "campaign: sendAt 30 s ahead is 422 naming sendAt",
            422,
            "sendAt",
            u -> postCampaign("{\"name\":\"x\",\"body\":\"Hi\",\"sendAt\":\"" + soon + "\"}")));
    rows.add(
        row(
            "campaign: a bad number is 422 naming recipients[1].to",
            422,
            "recipients[1].to",
            u -> postCampaign(campaign("{\"to\":\"" + TO + "\"},{\"to\":\"12\"}"))));
    rows.add(
        row(
            "campaign: a country not allowed is 422 naming recipients[0].to",
            422,
            "recipients[0].to",
            u -> postCampaign(campaign("{\"to\":\"+442079460958\"}"))));
    rows.add(
        row(
            "campaign: a bad contactId is 422 naming recipients[0].contactId",
            422,
            "recipients[0].contactId",
            u -> postCampaign(campaign("{\"to\":\"" + TO + "\",\"contactId\":\"nope\"}"))));
    rows.add(
        row(
            "campaign: a control character in a merge value is 422 naming it",
            422,
            "recipients[0].fields.firstName",
            u ->
                postCampaign(
                    campaign(
                        "{\"to\":\""
                            + TO
                            + "\",\"fields\":{\"firstName\":"
                            + withChar('\u0001')
                            + "}}"))));
    rows.add(
        row(
            "campaign: 10,001 recipients is 422 naming recipients",
            422,
            "recipients",
            u -> {
              StringBuilder many = new StringBuilder();
              for (int i = 0; i < 10_001; i++) {
                many.append(i == 0 ? "" : ",").append("{\"to\":\"").append(TO).append("\"}");
              }
              return postCampaign(campaign(many.toString()));
            }));
    rows.add(
        row(
            "campaign recipients: an id that is no UUID is 400 naming id",
            400,
            "id",
            u ->
                given()
                    .contentType("application/json")
                    .body("{\"recipients\":[]}")
                    .post(CAMPAIGNS + "/nope/recipients")));
    rows.add(
        row(
            "campaign start: an id that is no UUID is 400 naming id",
            400,
            "id",
            u -> given().post(CAMPAIGNS + "/nope/start")));
    rows.add(
        row(
            "campaigns: limit 0 is 400 naming limit",
            400,
            "limit",
            u -> given().get(CAMPAIGNS + "?limit=0")));
    rows.add(
        row(
            "campaigns: a cursor this API did not give is 400 naming cursor",
            400,
            "cursor",
            u -> given().get(CAMPAIGNS + "?cursor=nope")));
    rows.add(
        row(
            "campaign recipients: an unknown status is 400 naming status",
            400,
            "status",
            u ->
                given()
                    .get(
                        CAMPAIGNS
                            + "/"
                            + java.util.UUID.randomUUID()
                            + "/recipients?status=lost")));
  }

  /** A body sent in chunks, without a Content-Length (RestAssured always sends one). */
  private static Response chunkedSend(URL base) {
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(base + "api/messages"))
                      .header("Content-Type", "application/json")
                      .header("Authorization", Api.authorization())
                      .POST(
                          HttpRequest.BodyPublishers.ofInputStream(
                              () ->
                                  new ByteArrayInputStream(
                                      send("body", "\"Hi\"").getBytes(StandardCharsets.UTF_8))))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      // Answered as RestAssured would, so the row's checks are the same.
      return new io.restassured.builder.ResponseBuilder()
          .setStatusCode(r.statusCode())
          .setContentType(r.headers().firstValue("Content-Type").orElse(""))
          .setBody(r.body())
          .build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void waitUntilQuiet() {
    if (!quiet) {
      // Events published by earlier tests may still be stored when this application starts.
      Db.awaitQuiet(pool);
      quiet = true;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void aBadRequestIsAProblemNamingTheFieldAndWritesNothing(Row row) {
    Db.Counts before = Db.counts(pool);
    Response response = row.request().apply(base);
    assertEquals(row.status(), response.statusCode(), response.asString());
    assertTrue(
        response.contentType().startsWith("application/problem+json"),
        "problem+json, not " + response.contentType());
    var problem = response.jsonPath();
    assertEquals(row.status(), problem.getInt("status"));
    assertNotNull(problem.getString("detail"));
    if (row.field() == null) {
      assertNull(problem.getString("field"), response.asString());
    } else {
      assertEquals(row.field(), problem.getString("field"), response.asString());
      assertTrue(
          problem.getString("detail").contains(row.field()),
          "the detail names " + row.field() + ": " + problem.getString("detail"));
    }
    assertTrue(response.asString().length() < 2000, "a problem never echoes a huge value");
    assertEquals(before, Db.counts(pool), "nothing was written");
  }
}
