package com.example.crm.sms.contacts.rest;

import static com.example.crm.sms.contacts.TestDatabase.count;
import static com.example.crm.sms.contacts.TestDatabase.rows;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.example.crm.sms.contacts.SignedIn;
import com.example.crm.sms.contacts.TestContacts;
import com.example.crm.sms.contacts.TestEvents;
import com.example.crm.sms.security.Roles;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.oidc.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who did it comes from the token (rule 11, docs/architecture.md): a create and an edit are
 * activities of the contact's timeline naming the token's subject and name, a deletion is kept
 * after the timeline is gone; headers that claim someone else change nothing.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class ActorTest {

  /** What a client might send to pass for someone else; the service reads none of it. */
  private static final Map<String, String> FORGED =
      Map.of(
          "X-Actor", "{\"subject\": \"mallory\", \"name\": \"Mallory\"}",
          "X-User", "mallory",
          "X-Forwarded-User", "mallory",
          "X-Auth-Request-Email", "mallory@example.com");

  @Inject Pool pool;

  @Test
  void createAndEditRecordTheTokensSubjectAndNameInTheTimelineNotAForgedHeader() {
    String alex = "agent-" + UUID.randomUUID();
    String bea = "agent-" + UUID.randomUUID();
    String id =
        given()
            .header(
                "Authorization", SignedIn.bearer(TestTokens.token(alex, "Alex Agent", Roles.AGENT)))
            .headers(FORGED)
            .contentType(ContentType.JSON)
            .body(Map.of("firstName", "Tim", "lastName", "Line", "notes", "as created"))
            .post("/api/contacts")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    given()
        .header("Authorization", SignedIn.bearer(TestTokens.token(bea, "Bea Editor", Roles.AGENT)))
        .headers(FORGED)
        .contentType("application/merge-patch+json")
        .body(
            Map.of("phone", TestEvents.newNumber(), "firstName", "Timothy", "notes", "as created"))
        .patch("/api/contacts/{id}", id)
        .then()
        .statusCode(200);

    // Newest first; "notes" was given but did not change, so it is not named.
    given()
        .get("/api/contacts/{id}/activities", id)
        .then()
        .statusCode(200)
        .body("total", equalTo(2))
        .body("items.kind", contains("contact_edited", "contact_created"))
        .body(
            "items.summary",
            contains("Edited by Bea Editor (firstName, phone)", "Created by Alex Agent"))
        .body("items.actor.subject", contains(bea, alex))
        .body("items.actor.name", contains("Bea Editor", "Alex Agent"))
        .body(not(containsString("allory")));
    List<Row> stored =
        rows(
            pool,
            "select actor_subject, actor_name from contact_activities where contact_id = $1"
                + " order by occurred_at, created_at",
            UUID.fromString(id));
    assertEquals(
        List.of(List.of(alex, "Alex Agent"), List.of(bea, "Bea Editor")),
        stored.stream().map(r -> List.of(r.getString(0), r.getString(1))).toList());
  }

  @Test
  void anEditThatChangesNothingAddsNoActivity() {
    String id = TestContacts.create(Map.of("firstName", "Same", "email", "same@example.com"));
    String updatedAt = given().get("/api/contacts/{id}", id).then().extract().path("updatedAt");

    given()
        .contentType("application/merge-patch+json")
        .body(Map.of("firstName", "Same", "email", "same@example.com"))
        .patch("/api/contacts/{id}", id)
        .then()
        .statusCode(200)
        .body("updatedAt", equalTo(updatedAt));

    given()
        .get("/api/contacts/{id}/activities", id)
        .then()
        .body("items.kind", contains("contact_created"))
        .body("items[0].actor.subject", equalTo(SignedIn.ADMIN_SUBJECT))
        .body("items[0].actor.name", equalTo(SignedIn.ADMIN_NAME));
  }

  @Test
  void aDeletionIsKeptWithTheTokensSubjectAndNameAfterTheTimelineIsGone() {
    String id = TestContacts.create(Map.of("firstName", "Gone", "lastName", "Soon"));
    String ada = "admin-" + UUID.randomUUID();
    Instant before = Instant.now();

    given()
        .header("Authorization", SignedIn.bearer(TestTokens.token(ada, "Ada Admin", Roles.ADMIN)))
        .headers(FORGED)
        .delete("/api/contacts/{id}", id)
        .then()
        .statusCode(204);

    UUID contactId = UUID.fromString(id);
    assertEquals(0, count(pool, "select count(*) from contacts where id = $1", contactId));
    assertEquals(
        0, count(pool, "select count(*) from contact_activities where contact_id = $1", contactId));
    List<Row> deletions =
        rows(
            pool,
            "select actor_subject, actor_name, deleted_at from contact_deletions"
                + " where contact_id = $1",
            contactId);
    assertEquals(1, deletions.size());
    assertEquals(ada, deletions.get(0).getString(0));
    assertEquals("Ada Admin", deletions.get(0).getString(1));
    Instant at = deletions.get(0).getOffsetDateTime(2).toInstant();
    assertFalse(at.isBefore(before.minusSeconds(1)) || at.isAfter(Instant.now()), at.toString());
  }

  @Test
  void anActorInTheBodyIsRefusedNotBelieved() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("firstName", "Body", "actor", Map.of("subject", "mallory")))
        .post("/api/contacts")
        .then()
        .statusCode(422)
        .body("field", equalTo("actor"));
  }
}
