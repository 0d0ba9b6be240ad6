package com.example.crm.sms.contacts.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.example.crm.sms.contacts.SignedIn;
import com.example.crm.sms.contacts.TestContacts;
import com.example.crm.sms.contacts.TestEvents;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class ContactResourceTest {

  private static final String PROBLEM = "application/problem+json";

  @Test
  void createsReadsPatchesAndDeletesAContact() {
    String phone = TestEvents.newNumber();
    String national = "(239) 426-" + phone.substring(8);
    String id =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "firstName", "Jane",
                    "lastName", "Roe",
                    "company", "Acme Realty",
                    "email", "jane@example.com",
                    "phone", national,
                    "type", "lead",
                    "notes", "Wants a 3-bed"))
            .post("/api/contacts")
            .then()
            .statusCode(201)
            .header("Location", containsString("/api/contacts/"))
            .body("displayName", equalTo("Jane Roe"))
            .body("phone", equalTo(national))
            .body("phoneE164", equalTo(phone))
            .body("phoneDisplay", equalTo(national))
            .body("type", equalTo("lead"))
            .body("source", equalTo("manual"))
            .body("smsOptedOut", equalTo(false))
            .body("lastContactedAt", nullValue())
            .body("createdAt", notNullValue())
            .extract()
            .path("id");

    given()
        .get("/api/contacts/{id}", id)
        .then()
        .statusCode(200)
        .body("email", equalTo("jane@example.com"));

    // Merge patch: named members change, null clears, the rest stays.
    Map<String, Object> patch = new HashMap<>();
    patch.put("lastName", "Doe");
    patch.put("company", null);
    patch.put("type", "customer");
    given()
        .contentType("application/merge-patch+json")
        .body(patch)
        .patch("/api/contacts/{id}", id)
        .then()
        .statusCode(200)
        .body("displayName", equalTo("Jane Doe"))
        .body("company", nullValue())
        .body("type", equalTo("customer"))
        .body("email", equalTo("jane@example.com"))
        .body("notes", equalTo("Wants a 3-bed"));

    given().delete("/api/contacts/{id}", id).then().statusCode(204);
    given()
        .get("/api/contacts/{id}", id)
        .then()
        .statusCode(404)
        .contentType(PROBLEM)
        .body("detail", containsString(id));
    given().delete("/api/contacts/{id}", id).then().statusCode(404).contentType(PROBLEM);
  }

  @Test
  void twoFormatsOfOneNumberAreOneContact() {
    String phone = TestEvents.newNumber();
    String national = "(239) 426-" + phone.substring(8);
    String international = "+1 239-426-" + phone.substring(8);
    String id =
        TestContacts.create(Map.of("firstName", "Ann", "lastName", "Lee", "phone", national));

    given()
        .contentType(ContentType.JSON)
        .body(Map.of("firstName", "Someone", "phone", international))
        .post("/api/contacts")
        .then()
        .statusCode(409)
        .contentType(PROBLEM)
        .body("field", equalTo("phone"))
        .body("contactId", equalTo(id))
        .body("contactName", equalTo("Ann Lee"))
        .body("detail", containsString("Ann Lee"));
    for (String format :
        new String[] {phone, national, international, "239.426." + phone.substring(8)}) {
      given()
          .get("/api/contacts/by-phone/{phone}", format)
          .then()
          .statusCode(200)
          .body("id", equalTo(id));
    }
  }

  @Test
  void patchingInAPhoneNumberThatAnotherContactHasIsAConflict() {
    String phone = TestEvents.newNumber();
    String owner = TestContacts.create(Map.of("firstName", "Owner", "phone", phone));
    String other =
        TestContacts.create(Map.of("firstName", "Other", "phone", TestEvents.newNumber()));

    given()
        .contentType(ContentType.JSON)
        .body(Map.of("phone", "239 426 " + phone.substring(8)))
        .patch("/api/contacts/{id}", other)
        .then()
        .statusCode(409)
        .body("contactId", equalTo(owner))
        .body("contactName", equalTo("Owner"));
    // Its own number again is no conflict.
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("phone", phone))
        .patch("/api/contacts/{id}", owner)
        .then()
        .statusCode(200);
  }

  static Stream<Arguments> invalidContacts() {
    return Stream.of(
        Arguments.of(Map.of("firstName", "A", "email", "not-an-email"), "email"),
        Arguments.of(Map.of("firstName", "A", "phone", "12"), "phone"),
        Arguments.of(Map.of("firstName", "A", "phone", "call me maybe"), "phone"),
        Arguments.of(Map.of("firstName", "A", "type", "friend"), "type"),
        Arguments.of(Map.of("firstName", "A", "source", "sms_inbound"), "source"),
        Arguments.of(Map.of("firstName", "x".repeat(101)), "firstName"),
        Arguments.of(Map.of("firstName", "A", "company", "c".repeat(201)), "company"),
        Arguments.of(Map.of("notes", "nothing that names anyone"), "firstName"));
  }

  @ParameterizedTest
  @MethodSource("invalidContacts")
  void invalidContactIsRejectedNamingTheField(Map<String, Object> body, String field) {
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/contacts")
        .then()
        .statusCode(422)
        .contentType(PROBLEM)
        .body("field", equalTo(field))
        .body("errors.field", hasItem(field));
  }

  static Stream<Arguments> invalidPatches() {
    return Stream.of(
        Arguments.of("{\"email\": \"nope\"}", "email"),
        Arguments.of("{\"type\": null}", "type"),
        Arguments.of("{\"type\": \"friend\"}", "type"),
        Arguments.of("{\"phone\": \"000\"}", "phone"),
        Arguments.of("{\"firstName\": 42}", "firstName"),
        Arguments.of("{\"id\": \"3f1c2a7e-8b0d-4c55-9a61-0d2f6f1e9b11\"}", "id"),
        Arguments.of("{\"lastName\": \"" + "y".repeat(101) + "\"}", "lastName"));
  }

  @ParameterizedTest
  @MethodSource("invalidPatches")
  void invalidPatchIsRejectedNamingTheFieldAndChangesNothing(String patch, String field) {
    String id =
        TestContacts.create(Map.of("firstName", "Pat", "email", "pat@example.com", "type", "lead"));

    given()
        .contentType("application/merge-patch+json")
        .body(patch)
        .patch("/api/contacts/{id}", id)
        .then()
        .statusCode(422)
        .contentType(PROBLEM)
        .body("field", equalTo(field));
    given()
        .get("/api/contacts/{id}", id)
        .then()
        .body("email", equalTo("pat@example.com"))
        .body("type", equalTo("lead"));
  }

  @Test
  void malformedBodiesAndUnknownIdsAreClientErrors() {
    given()
        .contentType(ContentType.JSON)
        .body("{not json")
        .post("/api/contacts")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("detail", equalTo("The request body is not valid JSON"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"firstName\": \"A\", \"type\": {\"a\": 1}}")
        .post("/api/contacts")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("field", equalTo("type"));
    given()
        .contentType(ContentType.JSON)
        .body("[1,2]")
        .patch("/api/contacts/{id}", UUID.randomUUID())
        .then()
        .statusCode(400);
    given()
        .contentType(ContentType.JSON)
        .body("{\"firstName\": \"X\"}")
        .patch("/api/contacts/{id}", UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType(PROBLEM);
    given().get("/api/contacts/not-a-uuid").then().statusCode(404).contentType(PROBLEM);
    given()
        .get("/api/contacts/{id}/activities", UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType(PROBLEM);
    given()
        .get("/api/contacts/by-phone/{p}", "12")
        .then()
        .statusCode(422)
        .body("field", equalTo("phone"));
    given().get("/api/contacts?size=0").then().statusCode(400).body("field", equalTo("size"));
    given().get("/api/contacts?size=abc").then().statusCode(400).body("field", equalTo("size"));
    given().get("/api/contacts?page=-1").then().statusCode(400).body("field", equalTo("page"));
    given().get("/api/contacts?sort=age").then().statusCode(400).body("field", equalTo("sort"));
    given().get("/api/contacts?type=friend").then().statusCode(400).body("field", equalTo("type"));
  }

  @Test
  void searchMatchesNamesEmailCompanyAndPhoneInAnyFormat() {
    String tag = "zq" + UUID.randomUUID().toString().substring(0, 6);
    String phone = TestEvents.newNumber();
    String last4 = phone.substring(8);
    String byName =
        TestContacts.create(
            Map.of("firstName", "Maria", "lastName", "Gon" + tag, "type", "customer"));
    String byEmail = TestContacts.create(Map.of("firstName", "E", "email", tag + "@example.com"));
    String byCompany =
        TestContacts.create(
            Map.of("company", "The " + tag.toUpperCase() + " Company", "type", "customer"));
    String byPhone =
        TestContacts.create(Map.of("firstName", "Phone", "lastName", "Person", "phone", phone));

    given()
        .queryParam("q", tag)
        .queryParam("sort", "name")
        .get("/api/contacts")
        .then()
        .statusCode(200)
        .body("total", equalTo(3))
        .body("items.id", contains(byEmail, byName, byCompany));
    given()
        .queryParam("q", "maria gon" + tag)
        .get("/api/contacts")
        .then()
        .body("items.id", contains(byName));
    given()
        .queryParam("q", tag)
        .queryParam("type", "customer")
        .get("/api/contacts")
        .then()
        .body("total", equalTo(2));
    for (String format :
        new String[] {
          phone,
          "(239) 426-" + last4,
          "+1 239 426 " + last4,
          "239.426." + last4,
          "1-239-426-" + last4
        }) {
      given()
          .queryParam("q", format)
          .get("/api/contacts")
          .then()
          .body("items.id", contains(byPhone));
    }
  }

  @Test
  void searchPagesAndSortsByName() {
    String tag = "pg" + UUID.randomUUID().toString().substring(0, 6);
    for (String name : new String[] {"Carol", "alice", "Bob", "dave", "Eve"}) {
      TestContacts.create(Map.of("firstName", name, "lastName", tag));
    }

    given()
        .queryParam("q", tag)
        .queryParam("sort", "name")
        .queryParam("size", 2)
        .get("/api/contacts")
        .then()
        .body("total", equalTo(5))
        .body("page", equalTo(0))
        .body("size", equalTo(2))
        .body("items.firstName", contains("alice", "Bob"));
    given()
        .queryParam("q", tag)
        .queryParam("sort", "name")
        .queryParam("size", 2)
        .queryParam("page", 2)
        .get("/api/contacts")
        .then()
        .body("items.firstName", contains("Eve"));
    given()
        .queryParam("q", tag)
        .queryParam("page", 3)
        .queryParam("size", 2)
        .get("/api/contacts")
        .then()
        .body("items", hasSize(0))
        .body("total", equalTo(5));
  }

  @Test
  void searchSortsByLastContactedMostRecentFirst() {
    String a = TestEvents.newNumber();
    String b = TestEvents.newNumber();
    String tag = "lc" + UUID.randomUUID().toString().substring(0, 6);
    String never = TestContacts.create(Map.of("firstName", "Never", "lastName", tag));
    String older = TestContacts.create(Map.of("firstName", "Older", "lastName", tag, "phone", a));
    String newer = TestContacts.create(Map.of("firstName", "Newer", "lastName", tag, "phone", b));
    TestEvents.publish(
        TestEvents.inbound(a, "hi", java.time.Instant.parse("2026-11-01T00:00:00Z")));
    TestEvents.publish(
        TestEvents.inbound(b, "hi", java.time.Instant.parse("2026-11-02T00:00:00Z")));

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .queryParam("q", tag)
                    .queryParam("sort", "lastContacted")
                    .get("/api/contacts")
                    .then()
                    .body("items.id", contains(newer, older, never)));
  }

  /** A preflight carries no token; the console's calls then send theirs in Authorization. */
  @Test
  void corsAllowsTheConsoleOriginWithItsBearerToken() {
    given()
        .noFiltersOfType(SignedIn.class)
        .header("Origin", "http://localhost:8081")
        .header("Access-Control-Request-Method", "PATCH")
        .header("Access-Control-Request-Headers", "authorization,content-type")
        .options("/api/contacts/{id}", UUID.randomUUID())
        .then()
        .header("Access-Control-Allow-Origin", "http://localhost:8081")
        .header("Access-Control-Allow-Headers", containsString("Authorization"))
        .header("Access-Control-Allow-Credentials", "false");
    given()
        .noFiltersOfType(SignedIn.class)
        .header("Origin", "https://elsewhere.example.com")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization")
        .options("/api/contacts")
        .then()
        .header("Access-Control-Allow-Origin", nullValue());
  }
}
