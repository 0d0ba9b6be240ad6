package com.example.crm.sms.contacts.rest;

import static com.example.crm.sms.contacts.TestDatabase.rows;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.contacts.SignedIn;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule 8 on every endpoint: bad input is a 4xx problem+json naming the field or parameter at fault
 * (never a 500), and changes nothing. Each row is one bad request; the database is compared before
 * and after it (the contact and activity counts, the newest change, and the row of the contact the
 * PATCH rows aim at).
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class BadInputTest {

  private static final String PROBLEM = "application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Every string member of a new contact, and of a merge patch (source cannot be changed). */
  private static final List<String> CREATE_FIELDS =
      List.of("firstName", "lastName", "company", "email", "phone", "type", "source", "notes");

  private static final List<String> PATCH_FIELDS =
      List.of("firstName", "lastName", "company", "email", "phone", "type", "notes");

  private static String fixtureId;
  private static boolean quiet;

  @TestHTTPResource("/")
  URI root;

  @TestHTTPResource(value = "/", management = true)
  URI management;

  @Inject Pool pool;

  /** One bad request and what it must answer. {@code path} may hold {id}: the fixture contact. */
  record Case(
      String name,
      String method,
      String template,
      String path,
      String contentType,
      byte[] body,
      boolean chunked,
      Map<String, String> headers,
      int status,
      String field,
      String detail) {

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * Bad query parameters of the two lists ({list} is search or timeline): the parameter named, and
   * its range in the detail. Columns: what | query | status | parameter | the detail says.
   */
  private static final String QUERY_ROWS =
      """
      page 2147483647 with size 200 overflows no offset | page=2147483647&size=200 | 400 | page | from 0 to 10000000
      page beyond int                | page=2147483648          | 400 | page | from 0 to 10000000
      page beyond long               | page=99999999999999999999 | 400 | page | from 0 to 10000000
      negative page                  | page=-1                  | 400 | page | from 0 to 10000000
      page that is no number         | page=abc                 | 400 | page | from 0 to 10000000
      page with a fraction           | page=1.5                 | 400 | page | from 0 to 10000000
      size 0                         | size=0                   | 400 | size | from 1 to 200
      size 201                       | size=201                 | 400 | size | from 1 to 200
      size beyond long               | size=99999999999999999999 | 400 | size | from 1 to 200
      size with a NUL                | size=1%00                | 400 | size | from 1 to 200
      """;

  /** Bad search parameters. Columns: what | query | status | parameter | the detail says. */
  private static final String SEARCH_ROWS =
      """
      q longer than 200 characters   | q=%s                     | 400 | q    | at most 200
      q with a NUL                   | q=ab%%00c                | 400 | q    | position 3
      q with ESC                     | q=%%1Bx                  | 400 | q    | position 1
      unknown type                   | type=friend              | 400 | type | prospect, lead
      type with a NUL                | type=lead%%00            | 400 | type | prospect, lead
      unknown sort                   | sort=age                 | 400 | sort | lastContacted or name
      """
          .formatted("a".repeat(201));

  /**
   * Bad path parameters. A malformed id names no contact: 404, like an unknown one. Columns: what |
   * method | endpoint | path | status | field | the detail says.
   */
  private static final String PATH_ROWS =
      """
      get: a malformed id            | GET    | /api/contacts/{id}            | /api/contacts/not-a-uuid       | 404 | -     | not-a-uuid
      get: an id with a NUL          | GET    | /api/contacts/{id}            | /api/contacts/%%00             | 404 | -     | -
      timeline: a malformed id       | GET    | /api/contacts/{id}/activities | /api/contacts/nope/activities  | 404 | -     | -
      delete: a malformed id         | DELETE | /api/contacts/{id}            | /api/contacts/nope             | 404 | -     | -
      by-phone: a NUL in the number  | GET    | /api/contacts/by-phone/{phone} | /api/contacts/by-phone/239426%%0070 | 422 | phone | position 7
      by-phone: ESC in the number    | GET    | /api/contacts/by-phone/{phone} | /api/contacts/by-phone/%%1B2394267058 | 422 | phone | position 1
      by-phone: 1000 digits are no number | GET | /api/contacts/by-phone/{phone} | /api/contacts/by-phone/%s | 422 | phone | not a valid phone number
      by-phones: a NUL in a number   | GET    | /api/contacts/by-phones        | /api/contacts/by-phones?phone=239426%%0070 | 422 | phone | position 7
      by-phones: the second is no number | GET | /api/contacts/by-phones       | /api/contacts/by-phones?phone=2394267058&phone=12345 | 422 | phone | Phone number 2 is not a valid
      by-phones: 101 numbers         | GET    | /api/contacts/by-phones        | /api/contacts/by-phones?%s | 400 | phone | At most 100 phone numbers, not 101
      """
          .formatted(
              "1".repeat(1000),
              String.join(
                  "&",
                  java.util.stream.IntStream.range(0, 101)
                      .mapToObj(i -> "phone=%2B1239426" + String.format("%04d", i))
                      .toList()));

  /**
   * Bad JSON bodies of create (POST) and edit (PATCH, merge patch). Wrong JSON types: a new contact
   * is read into strings (400 naming the member), a patch member by member (422 naming it).
   * Columns: what | body | create's status | edit's status | field | the detail says.
   */
  private static final String BODY_ROWS =
      """
      malformed JSON                 | {not json                          | 400 | 400 | -         | not valid JSON
      JSON cut short                 | {"firstName": "A"                  | 400 | 400 | -         | not valid JSON
      garbage after the object       | {"firstName": "A"} x               | 400 | 400 | -         | not valid JSON
      a second object after the first | {"firstName": "A"} {}             | 400 | 400 | -         | -
      a member given twice           | {"firstName": "A", "firstName": "B"} | 400 | 400 | -       | not valid JSON
      an array instead of an object  | [1, 2]                             | 400 | 400 | -         | -
      a string instead of an object  | "Jane"                             | 400 | 400 | -         | -
      JSON null                      | null                               | 400 | 400 | body      | JSON object
      a number for a name            | {"firstName": 42}                  | 400 | 422 | firstName | -
      a number beyond int            | {"lastName": 2147483648}           | 400 | 422 | lastName  | -
      a number beyond long           | {"company": 99999999999999999999}  | 400 | 422 | company   | -
      a number beyond double         | {"notes": 1e400}                   | 400 | 422 | notes     | -
      true for a phone               | {"phone": true}                    | 400 | 422 | phone     | -
      an object for a type           | {"firstName": "A", "type": {"a": 1}} | 400 | 422 | type    | -
      an array for an email          | {"email": ["a@example.com"]}       | 400 | 422 | email     | -
      an unknown member              | {"firstName": "A", "nickname": "Al"} | 422 | 422 | nickname | nickname is not a field
      an id member                   | {"id": "3f1c2a7e-8b0d-4c55-9a61-0d2f6f1e9b11", "firstName": "A"} | 422 | 422 | id | id is not a field
      smsOptedOut is the events' to set | {"firstName": "A", "smsOptedOut": true} | 422 | 422 | smsOptedOut | -
      """;

  /**
   * Characters no person means, as JSON escapes, with the position (in characters, from 1) the
   * answer must name. A lone surrogate reaches the server only as an escape: sent as UTF-8 it would
   * already be '?'.
   */
  private static final String UNSAFE_ROWS =
      """
      NUL                            | ab\\u0000c             | 3
      ESC                            | \\u001b[31mred         | 1
      a lone high surrogate after an emoji | \\ud83d\\ude00x\\ud800 | 3
      a lone low surrogate           | x\\udc00               | 2
      """;

  static Stream<Case> badRequests() {
    List<Case> all = new ArrayList<>();
    for (String list : List.of("/api/contacts", "/api/contacts/{id}/activities")) {
      String what = list.endsWith("activities") ? "timeline: " : "search: ";
      for (String[] r : table(QUERY_ROWS)) {
        all.add(get(what + r[0], list, r[1], r[2], r[3], r[4]));
      }
    }
    for (String[] r : table(SEARCH_ROWS)) {
      all.add(get("search: " + r[0], "/api/contacts", r[1], r[2], r[3], r[4]));
    }
    for (String[] r : table(PATH_ROWS)) {
      all.add(
          new Case(
              r[0],
              r[1],
              r[2],
              r[3],
              null,
              null,
              false,
              Map.of(),
              status(r[4]),
              or(r[5]),
              or(r[6])));
    }

    for (String method : List.of("POST", "PATCH")) {
      boolean create = method.equals("POST");
      String what = create ? "create: " : "edit: ";
      String path = create ? "/api/contacts" : "/api/contacts/{id}";
      for (String[] r : table(BODY_ROWS)) {
        all.add(json(what + r[0], method, path, r[1], create ? r[2] : r[3], r[4], r[5]));
      }
      for (String field : create ? CREATE_FIELDS : PATCH_FIELDS) {
        for (String[] u : table(UNSAFE_ROWS)) {
          String body = "{\"" + field + "\": \"" + u[1] + "\"}";
          all.add(
              json(
                  what + u[0] + " in " + field,
                  method,
                  path,
                  body,
                  "422",
                  field,
                  "position " + u[2]));
        }
      }
      all.add(body(what + "an empty body", method, path, "application/json", "", 400, "body"));
      all.add(
          body(
              what + "a raw NUL byte inside a string",
              method,
              path,
              "application/json",
              "{\"firstName\": \"a\u0000\"}",
              400,
              null));
      all.add(
          new Case(
              what + "bytes that are no UTF-8",
              method,
              path,
              path,
              "application/json",
              new byte[] {'{', '"', 'f', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
              false,
              Map.of(),
              400,
              null,
              "not valid JSON"));
      all.add(
          body(
              what + "a body over 64 KiB",
              method,
              path,
              "application/json",
              "{\"notes\": \"" + "n".repeat(64 * 1024) + "\"}",
              413,
              null));
      all.add(
          new Case(
              what + "a body without a length (chunked)",
              method,
              path,
              path,
              "application/json",
              "{\"firstName\": \"Chunk\"}".getBytes(StandardCharsets.UTF_8),
              true,
              Map.of(),
              411,
              null,
              "Content-Length"));
      for (String type :
          List.of("text/plain", "application/x-www-form-urlencoded", "application/xml")) {
        all.add(body(what + "a body of " + type, method, path, type, "firstName=A", 415, null));
      }
      all.add(
          new Case(
              what + "a 30 KB header",
              method,
              path,
              path,
              "application/json",
              "{\"firstName\": \"H\"}".getBytes(StandardCharsets.UTF_8),
              false,
              Map.of("X-Padding", "p".repeat(30_000)),
              431,
              "X-Padding",
              "X-Padding"));
    }
    noteRows(all);
    all.add(
        json(
            "edit: source cannot be changed",
            "PATCH",
            "/api/contacts/{id}",
            "{\"source\": \"import\"}",
            "422",
            "source",
            "-"));
    all.add(
        new Case(
            "edit: an unknown contact",
            "PATCH",
            "/api/contacts/{id}",
            "/api/contacts/" + UUID.randomUUID(),
            "application/json",
            "{\"firstName\": \"B\"}".getBytes(StandardCharsets.UTF_8),
            false,
            Map.of(),
            404,
            null,
            null));
    all.add(
        body(
            "delete: a body over 64 KiB",
            "DELETE",
            "/api/contacts/{id}",
            "application/json",
            "{\"x\": \"" + "x".repeat(70_000) + "\"}",
            413,
            null));
    all.add(
        new Case(
            "search: a 30 KB header",
            "GET",
            "/api/contacts",
            "/api/contacts",
            null,
            null,
            false,
            Map.of("X-Padding", "p".repeat(30_000)),
            431,
            "X-Padding",
            "X-Padding"));
    all.add(
        new Case(
            "search: text/html only",
            "GET",
            "/api/contacts",
            "/api/contacts",
            null,
            null,
            false,
            Map.of("Accept", "text/html"),
            406,
            null,
            null));
    all.add(
        new Case(
            "console settings: text/html only",
            "GET",
            "/console/config.json",
            "/console/config.json",
            null,
            null,
            false,
            Map.of("Accept", "text/html"),
            406,
            null,
            null));
    all.add(
        body(
            "put is no method of a contact",
            "PUT",
            "/api/contacts/{id}",
            "application/json",
            "{\"firstName\": \"A\"}",
            405,
            null));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badInputIsAClientErrorNamingTheFieldAndChangesNothing(Case c) throws Exception {
    waitUntilTheConsumersAreQuiet();
    List<String> before = snapshot();

    HttpResponse<String> response = send(c);

    String type = response.headers().firstValue("Content-Type").orElse("");
    JsonNode problem = type.startsWith(PROBLEM) ? JSON.readTree(response.body()) : null;
    assertEquals(c.status(), response.statusCode(), () -> c.name() + ": " + response.body());
    assertTrue(type.startsWith(PROBLEM), () -> "problem+json, not '" + type + "'");
    assertNotNull(problem);
    assertEquals(c.status(), problem.path("status").asInt());
    assertTrue(problem.hasNonNull("title"), "a title");
    assertTrue(problem.hasNonNull("detail"), "a detail");
    if (c.field() != null) {
      assertEquals(c.field(), problem.path("field").asText(null), () -> response.body());
      assertTrue(
          problem.path("errors").findValuesAsText("field").contains(c.field()),
          () -> "errors[] names " + c.field() + ": " + response.body());
    }
    if (c.detail() != null) {
      assertTrue(
          problem.path("detail").asText().contains(c.detail()),
          () -> "the detail says '" + c.detail() + "': " + response.body());
    }
    assertEquals(before, snapshot(), "nothing was written");
  }

  /** A new endpoint needs rows here: every path and method of the API is walked above. */
  @Test
  void everyEndpointOfTheApiHasBadInputRows() throws Exception {
    JsonNode paths =
        JSON.readTree(
                HTTP.send(
                        HttpRequest.newBuilder(management.resolve("/q/openapi?format=json"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body())
            .path("paths");
    Set<String> endpoints = new TreeSet<>();
    paths
        .fields()
        .forEachRemaining(
            p ->
                p.getValue()
                    .fieldNames()
                    .forEachRemaining(m -> endpoints.add(m.toUpperCase() + " " + p.getKey())));
    Set<String> walked =
        badRequests().map(c -> c.method() + " " + c.template()).collect(Collectors.toSet());
    assertTrue(endpoints.size() >= 7, "the API's endpoints: " + endpoints);
    for (String endpoint : endpoints) {
      assertTrue(walked.contains(endpoint), "no bad-input rows for " + endpoint);
    }
  }

  // --- the rows -------------------------------------------------------------------------------

  /**
   * Bad notes (POST /api/contacts/{id}/notes): the text is 1 to 2000 characters after trimming,
   * without control characters other than tab and line breaks. Columns: what | body | status |
   * field | the detail says.
   */
  private static final String NOTE_ROWS =
      """
      no body member                 | {}                                 | 422 | body | required
      a null body                    | {"body": null}                     | 422 | body | required
      an empty body                  | {"body": ""}                       | 422 | body | required
      a body of spaces and line breaks | {"body": "  \\n\\t  "}       | 422 | body | required
      2001 characters                | {"body": "%s"}                     | 422 | body | 2001 characters
      2001 emoji                     | {"body": "%s"}                     | 422 | body | 2001 characters
      a number for the body          | {"body": 42}                       | 400 | body | -
      an object for the body         | {"body": {"text": "Hi"}}           | 400 | body | -
      an unknown member              | {"body": "Hi", "author": "mallory"} | 422 | author | not a field
      malformed JSON                 | {"body":                           | 400 | -    | not valid JSON
      JSON null                      | null                               | 422 | body | required
      """
          .formatted("n".repeat(2001), "\uD83D\uDE00".repeat(2001));

  private static void noteRows(List<Case> all) {
    String path = "/api/contacts/{id}/notes";
    for (String[] r : table(NOTE_ROWS)) {
      all.add(json("note: " + r[0], "POST", path, r[1], r[2], r[3], r[4]));
    }
    for (String[] u : table(UNSAFE_ROWS)) {
      all.add(
          json(
              "note: " + u[0] + " in the body",
              "POST",
              path,
              "{\"body\": \"" + u[1] + "\"}",
              "422",
              "body",
              "position " + u[2]));
    }
    all.add(
        new Case(
            "note: an unknown contact",
            "POST",
            path,
            "/api/contacts/" + UUID.randomUUID() + "/notes",
            "application/json",
            "{\"body\": \"Hi\"}".getBytes(StandardCharsets.UTF_8),
            false,
            Map.of(),
            404,
            null,
            null));
    all.add(
        new Case(
            "note: a malformed contact id",
            "POST",
            path,
            "/api/contacts/nope/notes",
            "application/json",
            "{\"body\": \"Hi\"}".getBytes(StandardCharsets.UTF_8),
            false,
            Map.of(),
            404,
            null,
            null));
    all.add(body("note: a body of text/plain", "POST", path, "text/plain", "Hi", 415, null));
    all.add(
        body(
            "note: a body over 64 KiB",
            "POST",
            path,
            "application/json",
            "{\"body\": \"" + "n".repeat(64 * 1024) + "\"}",
            413,
            null));
  }

  /** The rows of a table: cells split at '|' and trimmed. */
  private static List<String[]> table(String rows) {
    return rows.lines()
        .filter(l -> !l.isBlank())
        .map(l -> Stream.of(l.split("\\|")).map(String::strip).toArray(String[]::new))
        .toList();
  }

  private static int status(String cell) {
    return Integer.parseInt(cell);
  }

  /** "-" is an empty cell. */
  private static String or(String cell) {
    return cell.equals("-") ? null : cell;
  }

  private static Case get(
      String name, String template, String query, String status, String field, String detail) {
    return new Case(
        name,
        "GET",
        template,
        template + "?" + query,
        null,
        null,
        false,
        Map.of(),
        status(status),
        or(field),
        or(detail));
  }

  private static Case json(
      String name,
      String method,
      String template,
      String body,
      String status,
      String field,
      String detail) {
    String type = method.equals("PATCH") ? "application/merge-patch+json" : "application/json";
    return new Case(
        name,
        method,
        template,
        template,
        type,
        body.getBytes(StandardCharsets.UTF_8),
        false,
        Map.of(),
        status(status),
        or(field),
        or(detail));
  }

  private static Case body(
      String name,
      String method,
      String template,
      String contentType,
      String body,
      int status,
      String field) {
    return new Case(
        name,
        method,
        template,
        template,
        contentType,
        body.getBytes(StandardCharsets.UTF_8),
        false,
        Map.of(),
        status,
        field,
        null);
  }

  // --- running them ---------------------------------------------------------------------------

  private HttpResponse<String> send(Case c) throws Exception {
    String path = c.path().replace("{id}", fixture());
    HttpRequest.BodyPublisher body =
        c.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : c.chunked()
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(c.body()))
                : HttpRequest.BodyPublishers.ofByteArray(c.body());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(root.resolve(path))
            .timeout(Duration.ofSeconds(20))
            .method(c.method(), body);
    if (c.contentType() != null) {
      request.header("Content-Type", c.contentType());
    }
    // Signed in with every role: what is refused here is the input, never the caller.
    request.header("Authorization", SignedIn.admin());
    c.headers().forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The contact the PATCH rows aim at. */
  private String fixture() throws Exception {
    if (fixtureId == null) {
      HttpResponse<String> created =
          HTTP.send(
              HttpRequest.newBuilder(root.resolve("/api/contacts"))
                  .header("Content-Type", "application/json")
                  .header("Authorization", SignedIn.admin())
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"firstName\": \"Fixture\", \"lastName\": \"Unchanged\","
                              + " \"email\": \"fixture@example.com\", \"type\": \"lead\","
                              + " \"notes\": \"never edited\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(201, created.statusCode(), created.body());
      fixtureId = JSON.readTree(created.body()).path("id").asText();
    }
    return fixtureId;
  }

  /** Counts, the newest change, and the fixture's whole row. */
  private List<String> snapshot() throws Exception {
    Row row =
        rows(
                pool,
                "select (select count(*) from contacts)::text,"
                    + " (select count(*) from contact_activities)::text,"
                    + " (select max(updated_at) from contacts)::text,"
                    + " (select to_jsonb(c)::text from contacts c where c.id = $1)",
                UUID.fromString(fixture()))
            .get(0);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      values.add(row.getString(i));
    }
    return values;
  }

  /** Events of earlier test classes may still be applied: start once nothing moves. */
  private void waitUntilTheConsumersAreQuiet() throws Exception {
    if (quiet) {
      return;
    }
    Map<String, List<String>> last = new LinkedHashMap<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              List<String> now = snapshot();
              boolean same = now.equals(last.get("s"));
              last.put("s", now);
              return same;
            });
    quiet = true;
  }
}
