package com.example.crm.sms.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.Db;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.gateway.support.OptOuts;
import com.example.crm.sms.security.Roles;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.oidc.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule 11 (docs/architecture.md) over every endpoint and method: no token is a 401 with a Bearer
 * challenge, a token without the endpoint's role a 403 naming the role, the role (or a higher one)
 * is let in, and a token that is not valid here (expired, another issuer or audience, not signed by
 * the issuer) is a 401 however high its role. A refused request writes nothing. The API document
 * lists exactly these operations, each with the bearer requirement and its role.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class AuthorizationTest {

  private static final String CHALLENGE = "Bearer realm=\"sms\"";
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** A message the reads can find (made once, by the test admin). */
  private static String messageId;

  /** The injected pool, for the requests that need a number opted out first. */
  private static Pool db;

  @Inject Pool pool;

  @TestHTTPResource("/")
  URL base;

  @TestHTTPResource(value = "/", management = true)
  URL management;

  /**
   * One operation of the API.
   *
   * @param operation method and path as the API document names it
   * @param role the lowest role it needs
   * @param success the status of a successful call
   * @param request the request to {@code phone}, a number only this call uses
   */
  record Endpoint(
      String operation, String role, int success, Function<String, HttpRequest.Builder> request) {

    String method() {
      return operation.substring(0, operation.indexOf(' '));
    }
  }

  private static URI uri(String path) {
    return URI.create(RestAssured.baseURI + ":" + RestAssured.port + path);
  }

  static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint(
              "POST /api/messages",
              Roles.AGENT,
              202,
              phone ->
                  HttpRequest.newBuilder(uri("/api/messages"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"to\":\"" + phone + "\",\"body\":\"Who may send\"}"))),
          new Endpoint(
              "GET /api/messages/{id}",
              Roles.VIEWER,
              200,
              phone -> HttpRequest.newBuilder(uri("/api/messages/" + messageId)).GET()),
          // Let in, it answers 404: the message (an outbound text) has no media item.
          new Endpoint(
              "GET /api/messages/{id}/media/{n}",
              Roles.VIEWER,
              404,
              phone ->
                  HttpRequest.newBuilder(uri("/api/messages/" + messageId + "/media/0")).GET()),
          new Endpoint(
              "GET /api/conversations/{phone}/messages",
              Roles.VIEWER,
              200,
              phone ->
                  HttpRequest.newBuilder(uri("/api/conversations/" + phone + "/messages")).GET()),
          new Endpoint(
              "GET /api/conversations/{phone}/stream",
              Roles.VIEWER,
              200,
              phone ->
                  HttpRequest.newBuilder(uri("/api/conversations/" + phone + "/stream"))
                      .header("Accept", "text/event-stream")
                      .GET()),
          new Endpoint(
              "GET /api/conversations",
              Roles.VIEWER,
              200,
              phone -> HttpRequest.newBuilder(uri("/api/conversations")).GET()),
          new Endpoint(
              "GET /api/conversations/stream",
              Roles.VIEWER,
              200,
              phone ->
                  HttpRequest.newBuilder(uri("/api/conversations/stream"))
                      .header("Accept", "text/event-stream")
                      .GET()),
          new Endpoint(
              "POST /api/conversations/{phone}/read",
              Roles.VIEWER,
              200,
              phone ->
                  HttpRequest.newBuilder(
                          uri(
                              "/api/conversations/"
                                  + Api.message(messageId).getString("to")
                                  + "/read"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString("{\"upTo\":\"" + messageId + "\"}"))),
          new Endpoint(
              "GET /api/opt-outs/{phone}",
              Roles.VIEWER,
              200,
              phone -> HttpRequest.newBuilder(uri("/api/opt-outs/" + phone)).GET()),
          new Endpoint(
              "POST /api/opt-outs/{phone}/lift",
              Roles.ADMIN,
              200,
              phone -> {
                OptOuts.byKeyword(db, phone);
                return HttpRequest.newBuilder(uri("/api/opt-outs/" + phone + "/lift"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"Who may lift\"}"));
              }),
          new Endpoint(
              "POST /api/messages/{id}/cancel",
              Roles.AGENT,
              200,
              phone ->
                  HttpRequest.newBuilder(uri("/api/messages/" + scheduledText() + "/cancel"))
                      .POST(HttpRequest.BodyPublishers.noBody())),
          new Endpoint(
              "POST /api/campaigns",
              Roles.ADMIN,
              202,
              phone ->
                  HttpRequest.newBuilder(uri("/api/campaigns"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"name\":\"Who may\",\"body\":\"Hi\",\"recipients\":"
                                  + "[{\"to\":\""
                                  + phone
                                  + "\"}]}"))),
          new Endpoint(
              "POST /api/campaigns/{id}/recipients",
              Roles.ADMIN,
              202,
              phone ->
                  HttpRequest.newBuilder(uri("/api/campaigns/" + campaign(false) + "/recipients"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"recipients\":[{\"to\":\"" + phone + "\"}]}"))),
          new Endpoint(
              "POST /api/campaigns/{id}/start",
              Roles.ADMIN,
              200,
              phone -> campaignAction(campaign(false), "start")),
          new Endpoint(
              "POST /api/campaigns/{id}/pause",
              Roles.ADMIN,
              200,
              phone -> campaignAction(campaign(true), "pause")),
          new Endpoint(
              "POST /api/campaigns/{id}/resume",
              Roles.ADMIN,
              200,
              phone -> {
                String id = campaign(true);
                Api.given().post("/api/campaigns/" + id + "/pause").then().statusCode(200);
                return campaignAction(id, "resume");
              }),
          new Endpoint(
              "POST /api/campaigns/{id}/cancel",
              Roles.ADMIN,
              200,
              phone -> campaignAction(campaign(false), "cancel")),
          new Endpoint(
              "GET /api/campaigns",
              Roles.VIEWER,
              200,
              phone -> HttpRequest.newBuilder(uri("/api/campaigns")).GET()),
          new Endpoint(
              "GET /api/campaigns/{id}",
              Roles.VIEWER,
              200,
              phone -> HttpRequest.newBuilder(uri("/api/campaigns/" + campaign(false))).GET()),
          new Endpoint(
              "GET /api/campaigns/{id}/recipients",
              Roles.VIEWER,
              200,
              phone ->
                  HttpRequest.newBuilder(uri("/api/campaigns/" + campaign(false) + "/recipients"))
                      .GET()),
          new Endpoint(
              "GET /api/campaigns/{id}/stream",
              Roles.VIEWER,
              200,
              phone ->
                  HttpRequest.newBuilder(uri("/api/campaigns/" + campaign(false) + "/stream"))
                      .header("Accept", "text/event-stream")
                      .GET()));

  /** A text scheduled an hour ahead (to a number of its own), made by the test admin. */
  private static String scheduledText() {
    return Api.given()
        .contentType("application/json")
        .body(
            Map.of(
                "to",
                Numbers.fresh(),
                "body",
                "Later",
                "sendAt",
                java.time.OffsetDateTime.now().plusHours(1).toString()))
        .post("/api/messages")
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }

  /**
   * A campaign without recipients made by the test admin: a draft, or scheduled (sendAt a day
   * ahead) and started.
   */
  private static String campaign(boolean scheduled) {
    return Api.given()
        .contentType("application/json")
        .body(
            scheduled
                ? Map.of(
                    "name",
                    "Set up",
                    "body",
                    "Hi",
                    "start",
                    true,
                    "sendAt",
                    java.time.OffsetDateTime.now().plusDays(1).toString())
                : Map.of("name", "Set up", "body", "Hi"))
        .post("/api/campaigns")
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }

  private static HttpRequest.Builder campaignAction(String id, String action) {
    return HttpRequest.newBuilder(uri("/api/campaigns/" + id + "/" + action))
        .POST(HttpRequest.BodyPublishers.noBody());
  }

  /** What a row expects: let in, 401 (with or without a presented token) or 403. */
  enum Expect {
    ALLOWED,
    NO_TOKEN,
    INVALID_TOKEN,
    FORBIDDEN
  }

  record Row(String name, Endpoint endpoint, Supplier<String> token, Expect expect) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (Endpoint e : ENDPOINTS) {
      String op = e.operation() + ": ";
      int needed = Roles.ALL.indexOf(e.role());
      rows.add(new Row(op + "no token is 401", e, () -> null, Expect.NO_TOKEN));
      rows.add(
          new Row(
              op + "a token without any of our roles is 403",
              e,
              () -> TestTokens.withRoles("offline_access"),
              Expect.FORBIDDEN));
      for (int i = 0; i < Roles.ALL.size(); i++) {
        String role = Roles.ALL.get(i);
        rows.add(
            i < needed
                ? new Row(
                    op + role + " is 403 naming " + e.role(),
                    e,
                    () -> TestTokens.withRoles(role),
                    Expect.FORBIDDEN)
                : new Row(
                    op + role + " is let in", e, () -> TestTokens.withRoles(role), Expect.ALLOWED));
      }
      // Each with the highest role: the token itself is what is refused.
      rows.add(
          new Row(
              op + "an expired token is 401",
              e,
              () -> TestTokens.expired(Roles.ADMIN),
              Expect.INVALID_TOKEN));
      rows.add(
          new Row(
              op + "a token of another issuer is 401",
              e,
              () -> TestTokens.fromIssuer("https://other.example.com", Roles.ADMIN),
              Expect.INVALID_TOKEN));
      rows.add(
          new Row(
              op + "a token for another audience is 401",
              e,
              () -> TestTokens.forAudience("another-api", Roles.ADMIN),
              Expect.INVALID_TOKEN));
      rows.add(
          new Row(
              op + "a token signed by another key is 401",
              e,
              () -> TestTokens.signedByAnotherKey(Roles.ADMIN),
              Expect.INVALID_TOKEN));
      rows.add(
          new Row(
              op + "a token that is no JWT is 401", e, () -> "not-a-token", Expect.INVALID_TOKEN));
    }
    return rows.stream();
  }

  /** Status, headers and body; the body of a live stream is not read (it never ends). */
  record Answer(int status, HttpResponse<InputStream> response, String body) {
    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  private static Answer call(HttpRequest.Builder request, String token) throws Exception {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<InputStream> r =
        HTTP.send(
            request.timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      boolean stream = r.headers().firstValue("Content-Type").orElse("").contains("event-stream");
      return new Answer(
          r.statusCode(), r, stream ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** What a request may write for the number (an opt-out some rows set up first is no write). */
  private long writesTo(String phone) {
    return Db.count(
        pool,
        "SELECT (SELECT count(*) FROM sms_messages WHERE peer_number = $1)"
            + " + (SELECT count(*) FROM opt_outs WHERE phone_e164 = $1 AND source <> 'keyword')"
            + " + (SELECT count(*) FROM outbox WHERE record_key = $1)",
        phone);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void eachEndpointLetsInItsRoleAndRefusesEveryoneElse(Row row) throws Exception {
    db = pool;
    if (messageId == null) {
      messageId = Api.queue(Numbers.fresh(), "A text to read");
    }
    String phone = Numbers.fresh();
    Answer answer = call(row.endpoint().request().apply(phone), row.token().get());
    String what = row.name() + ": " + answer.status() + " " + answer.body();
    if (row.expect() == Expect.ALLOWED) {
      assertEquals(row.endpoint().success(), answer.status(), what);
      return;
    }
    assertTrue(
        answer.header("Content-Type").startsWith("application/problem+json"),
        what + " " + answer.header("Content-Type"));
    JsonPath problem = new JsonPath(answer.body());
    switch (row.expect()) {
      case NO_TOKEN -> {
        assertEquals(401, answer.status(), what);
        assertEquals(CHALLENGE, answer.header("WWW-Authenticate"), what);
      }
      case INVALID_TOKEN -> {
        assertEquals(401, answer.status(), what);
        assertEquals(
            CHALLENGE + ", error=\"invalid_token\"", answer.header("WWW-Authenticate"), what);
      }
      default -> {
        assertEquals(403, answer.status(), what);
        assertEquals("role", problem.getString("errors[0].field"), what);
        assertEquals(row.endpoint().role(), problem.getString("errors[0].message"), what);
        assertTrue(problem.getString("detail").contains(row.endpoint().role()), what);
      }
    }
    assertEquals(answer.status(), problem.getInt("status"), what);
    assertNotNull(problem.getString("detail"), what);
    assertEquals(0, writesTo(phone), "a refused request writes nothing: " + what);
  }

  @Test
  void theSignInIsCheckedBeforeTheBodyIsRead() throws Exception {
    // Without a token even a malformed body is a 401, not the 400 a signed-in caller would get.
    Answer answer =
        call(
            HttpRequest.newBuilder(uri("/api/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":")),
            null);
    assertEquals(401, answer.status(), answer.body());
    assertEquals(CHALLENGE, answer.header("WWW-Authenticate"));
  }

  @Test
  void theApiDocumentListsEveryOperationWithTheBearerRequirementAndItsRole() {
    JsonPath doc =
        RestAssured.given()
            .get(management.toString().replaceAll("/$", "") + "/openapi?format=json")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, Object> scheme = doc.getMap("components.securitySchemes.oidc");
    assertNotNull(scheme, "an oidc security scheme: " + doc.getMap("components.securitySchemes"));
    assertEquals("openIdConnect", scheme.get("type"));
    // The issuer of this run (the test server's port is only known at run time), not the build's.
    assertEquals(
        ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class)
            + "/.well-known/openid-configuration",
        scheme.get("openIdConnectUrl"));

    Set<String> documented = new TreeSet<>();
    Map<String, Map<String, Object>> paths = doc.getMap("paths");
    paths.forEach(
        (path, operations) ->
            operations.keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m))
                .forEach(m -> documented.add(m.toUpperCase() + " " + path)));
    assertEquals(
        ENDPOINTS.stream().map(Endpoint::operation).collect(Collectors.toCollection(TreeSet::new)),
        documented,
        "the table above covers every operation of the API");

    for (Endpoint e : ENDPOINTS) {
      String path = e.operation().substring(e.method().length() + 1);
      @SuppressWarnings("unchecked")
      Map<String, Object> op = (Map<String, Object>) paths.get(path).get(e.method().toLowerCase());
      assertEquals(
          List.of(Map.of("oidc", List.of(e.role()))),
          op.get("security"),
          e.operation() + " requires the bearer token, with its role as the scope");
      assertTrue(
          String.valueOf(op.get("description")).contains("Role: " + e.role()),
          e.operation() + " names its role: " + op.get("description"));
      @SuppressWarnings("unchecked")
      Map<String, Object> responses = (Map<String, Object>) op.get("responses");
      assertTrue(
          responses.keySet().containsAll(Set.of("401", "403")),
          e.operation() + " documents 401 and 403: " + responses.keySet());
    }
  }
}
