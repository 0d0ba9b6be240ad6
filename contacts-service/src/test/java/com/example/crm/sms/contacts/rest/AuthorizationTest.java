package com.example.crm.sms.contacts.rest;

import static com.example.crm.sms.contacts.TestDatabase.rows;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.contacts.SignedIn;
import com.example.crm.sms.contacts.TestContacts;
import com.example.crm.sms.contacts.TestEvents;
import com.example.crm.sms.security.Roles;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.oidc.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * rule 11 (docs/architecture.md) on every endpoint of the API: no valid token is a 401 problem with
 * a Bearer challenge, a token without the role is a 403 problem naming the role needed, a token
 * with exactly that role is let through; a refused request changes nothing. A further test reads
 * the OpenAPI document, so an endpoint without a row here fails, and checks that it names the same
 * role.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class AuthorizationTest {

  private static final String PROBLEM = "application/problem+json";
  private static final String CHALLENGE = "Bearer realm=\"sms\"";
  private static final String INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";

  /**
   * Contacts made by the allowed POST rows carry this last name, so refused ones can be counted.
   */
  private static final String MARKER = "Authz" + UUID.randomUUID().toString().substring(0, 8);

  /**
   * Every endpoint with the lowest role allowed and what that role gets. Columns: method | endpoint
   * | role | status when allowed.
   */
  private static final String ENDPOINTS =
      """
      GET    | /api/contacts                  | sms-viewer | 200
      GET    | /api/contacts/{id}             | sms-viewer | 200
      GET    | /api/contacts/by-phone/{phone} | sms-viewer | 200
      GET    | /api/contacts/by-phones        | sms-viewer | 200
      GET    | /api/contacts/{id}/activities  | sms-viewer | 200
      POST   | /api/contacts                  | sms-agent  | 201
      PATCH  | /api/contacts/{id}             | sms-agent  | 200
      POST   | /api/contacts/{id}/notes       | sms-agent  | 201
      DELETE | /api/contacts/{id}             | sms-admin  | 204
      """;

  /** Tokens no request may get past with, whatever their roles: the names say why. */
  private static final List<InvalidToken> INVALID_TOKENS =
      List.of(
          new InvalidToken("an expired token", TestTokens::expired),
          new InvalidToken(
              "a token from another issuer",
              roles -> TestTokens.fromIssuer("https://login.other.example.com/realms/sms", roles)),
          new InvalidToken(
              "a token for another audience", roles -> TestTokens.forAudience("other-api", roles)),
          new InvalidToken(
              "a token signed by a key the issuer does not publish",
              TestTokens::signedByAnotherKey),
          new InvalidToken("a token that is no JWT", roles -> "not.a.jwt"));

  private static String fixtureId;
  private static String fixturePhone;

  @TestHTTPResource(value = "/", management = true)
  URI management;

  @ConfigProperty(name = "quarkus.oidc.auth-server-url")
  String issuer;

  @Inject Pool pool;

  @FunctionalInterface
  interface TokenWith {
    String token(String... roles);
  }

  record InvalidToken(String name, TokenWith token) {}

  record Endpoint(String method, String template, String role, int allowed) {}

  /**
   * What a request carries besides its token: the endpoint's usual request, or one that would be a
   * 404 or a 400 for a caller who is allowed, so that a refusal is shown to come first.
   */
  enum Probe {
    USUAL,
    UNKNOWN_ID,
    NOT_JSON
  }

  /**
   * One request. {@code authorization} is the header's value, null for none. {@code status} 401
   * expects {@code challenge}; 403 expects the endpoint's role named.
   */
  record Case(
      String name,
      Endpoint endpoint,
      Supplier<String> authorization,
      int status,
      String challenge,
      Probe probe) {

    Case(
        String name,
        Endpoint endpoint,
        Supplier<String> authorization,
        int status,
        String challenge) {
      this(name, endpoint, authorization, status, challenge, Probe.USUAL);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Endpoint> endpoints() {
    return ENDPOINTS
        .lines()
        .filter(l -> !l.isBlank())
        .map(l -> Stream.of(l.split("\\|")).map(String::strip).toArray(String[]::new))
        .map(r -> new Endpoint(r[0], r[1], r[2], Integer.parseInt(r[3])))
        .toList();
  }

  static Stream<Case> requests() {
    List<Case> all = new ArrayList<>();
    for (Endpoint e : endpoints()) {
      String what = e.method() + " " + e.template() + ": ";
      all.add(new Case(what + "no token", e, () -> null, 401, CHALLENGE));
      // Nothing about the data leaks before the caller is known: not whether a contact exists,
      // not how the body is read.
      if (e.template().contains("{id}")) {
        all.add(
            new Case(
                what + "no token, an id that names no contact",
                e,
                () -> null,
                401,
                CHALLENGE,
                Probe.UNKNOWN_ID));
        all.add(
            new Case(
                what + "signed in without any role, an id that names no contact",
                e,
                () -> SignedIn.bearer(TestTokens.withRoles()),
                403,
                null,
                Probe.UNKNOWN_ID));
      }
      if (e.method().equals("POST") || e.method().equals("PATCH")) {
        all.add(
            new Case(
                what + "no token, a body that is no JSON",
                e,
                () -> null,
                401,
                CHALLENGE,
                Probe.NOT_JSON));
      }
      all.add(
          new Case(what + "Basic credentials", e, () -> "Basic dXNlcjpwYXNz", 401, INVALID_TOKEN));
      for (InvalidToken invalid : INVALID_TOKENS) {
        all.add(
            new Case(
                what + invalid.name() + " (with the role)",
                e,
                () -> SignedIn.bearer(invalid.token().token(e.role())),
                401,
                INVALID_TOKEN));
      }
      all.add(
          new Case(
              what + "signed in without any role",
              e,
              () -> SignedIn.bearer(TestTokens.withRoles()),
              403,
              null));
      all.add(
          new Case(
              what + "signed in with another application's role only",
              e,
              () -> SignedIn.bearer(TestTokens.withRoles("crm-admin")),
              403,
              null));
      for (String below : Roles.ALL.subList(0, Roles.ALL.indexOf(e.role()))) {
        all.add(
            new Case(
                what + below + " is below " + e.role(),
                e,
                () -> SignedIn.bearer(TestTokens.withRoles(below)),
                403,
                null));
      }
      all.add(
          new Case(
              what + e.role() + " is enough",
              e,
              () -> SignedIn.bearer(TestTokens.withRoles(e.role())),
              e.allowed(),
              null));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void onlyAValidTokenWithTheRoleGetsThrough(Case c) {
    boolean allowed = c.status() < 300;
    String id = allowed && c.endpoint().method().equals("DELETE") ? newContact() : fixture();
    List<String> before = snapshot();

    Response response = send(c, id);

    assertEquals(c.status(), response.statusCode(), () -> c.name() + ": " + response.asString());
    if (allowed) {
      return;
    }
    assertTrue(
        response.contentType().startsWith(PROBLEM), () -> "problem+json: " + response.asString());
    JsonPath problem = response.jsonPath();
    assertEquals(c.status(), problem.getInt("status"));
    assertTrue(problem.getString("title") != null && problem.getString("detail") != null);
    if (c.status() == 401) {
      assertEquals(c.challenge(), response.header("WWW-Authenticate"));
    } else {
      assertTrue(
          problem.getString("detail").contains(c.endpoint().role()),
          () -> "the detail names " + c.endpoint().role() + ": " + response.asString());
      assertEquals(List.of("role"), problem.getList("errors.field"));
      assertEquals(List.of(c.endpoint().role()), problem.getList("errors.message"));
      assertEquals(null, response.header("WWW-Authenticate"), "a 403 is no challenge");
    }
    assertEquals(before, snapshot(), "a refused request changes nothing");
  }

  /** A new endpoint needs rows here, with the role its OpenAPI operation names. */
  @Test
  void everyEndpointOfTheApiHasRowsAndTheOpenApiDocumentNamesItsRole() {
    JsonPath doc =
        given().get(management.resolve("/q/openapi?format=json")).then().extract().jsonPath();
    Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
    Map<String, String> documented = new TreeMap<>();
    paths.forEach(
        (path, operations) ->
            operations.forEach(
                (method, operation) -> {
                  if (path.startsWith("/api/")) {
                    @SuppressWarnings("unchecked")
                    List<Map<String, List<String>>> security =
                        (List<Map<String, List<String>>>) operation.get("security");
                    assertEquals(
                        1,
                        security == null ? 0 : security.size(),
                        method + " " + path + " names its security requirement");
                    List<String> roles = security.get(0).get("oidc");
                    assertEquals(1, roles.size(), method + " " + path + ": " + roles);
                    documented.put(method.toUpperCase() + " " + path, roles.get(0));
                  } else {
                    assertEquals(
                        null, operation.get("security"), method + " " + path + " is anonymous");
                  }
                }));
    Map<String, String> rows =
        endpoints().stream()
            .collect(
                Collectors.toMap(
                    e -> e.method() + " " + e.template(),
                    Endpoint::role,
                    (a, b) -> a,
                    TreeMap::new));
    assertEquals(rows, documented, "the rows above are the API's operations, with their roles");
    assertEquals(Set.copyOf(Roles.ALL), Set.copyOf(rows.values()), "every role is tested");
    assertEquals("openIdConnect", doc.getString("components.securitySchemes.oidc.type"));
    assertEquals(
        issuer + "/.well-known/openid-configuration",
        doc.getString("components.securitySchemes.oidc.openIdConnectUrl"));
  }

  // --- running them ---------------------------------------------------------------------------

  private Response send(Case c, String id) {
    RequestSpecification request = given().noFiltersOfType(SignedIn.class);
    String authorization = c.authorization().get();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    switch (c.endpoint().method()) {
      case "POST" ->
          request
              .contentType(ContentType.JSON)
              .body(
                  c.endpoint().template().endsWith("/notes")
                      ? Map.of("body", c.name())
                      : Map.of("firstName", "Refused", "lastName", MARKER));
      case "PATCH" ->
          request.contentType("application/merge-patch+json").body(Map.of("notes", c.name()));
      default -> {}
    }
    if (c.probe() == Probe.NOT_JSON) {
      request.body("{\"firstName\": ");
    }
    String target = c.probe() == Probe.UNKNOWN_ID ? UUID.randomUUID().toString() : id;
    String path = c.endpoint().template().replace("{id}", target).replace("{phone}", fixturePhone);
    return request.request(c.endpoint().method(), path);
  }

  /** The contact the rows read, edit and try to delete. */
  private static String fixture() {
    if (fixtureId == null) {
      fixturePhone = TestEvents.newNumber();
      fixtureId =
          TestContacts.create(
              Map.of("firstName", "Guarded", "lastName", MARKER, "phone", fixturePhone));
    }
    return fixtureId;
  }

  /** A contact for an allowed DELETE to take. */
  private static String newContact() {
    fixture();
    return TestContacts.create(Map.of("firstName", "Deletable", "lastName", MARKER));
  }

  /**
   * What a refused request could have changed: the fixture's row and timeline, the contacts made by
   * these rows, and the deletions recorded of the fixture.
   */
  private List<String> snapshot() {
    Row row =
        rows(
                pool,
                "select (select to_jsonb(c)::text from contacts c where c.id = $1),"
                    + " (select count(*) from contact_activities where contact_id = $1)::text,"
                    + " (select count(*) from contacts where last_name = $2)::text,"
                    + " (select count(*) from contact_deletions where contact_id = $1)::text",
                UUID.fromString(fixture()),
                MARKER)
            .get(0);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      values.add(row.getString(i));
    }
    return values;
  }
}
