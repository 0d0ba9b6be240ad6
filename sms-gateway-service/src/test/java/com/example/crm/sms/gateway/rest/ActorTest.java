package com.example.crm.sms.gateway.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.events.Topics;
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
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who did a thing comes from the token, never from a header or a body field (rule 11,
 * docs/architecture.md): a text records its sender's subject and name, a lifted opt-out its admin's
 * subject (and, in its event, their name), and a forged X-Actor changes neither.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class ActorTest {

  private static final String FORGED = "mallory@example.test";

  @Inject Pool pool;

  private Row row(String sql, Object... params) {
    return pool.preparedQuery(sql)
        .execute(Tuple.from(params))
        .await()
        .atMost(Duration.ofSeconds(10))
        .iterator()
        .next();
  }

  @Test
  void aTextRecordsItsSenderFromTheTokenAndIgnoresAForgedXActor() {
    String to = Numbers.fresh();
    String ada = TestTokens.token("agent-ada", "Ada Lovelace", Roles.AGENT);
    String id =
        Api.as(ada)
            .header("X-Actor", FORGED)
            .contentType(ContentType.JSON)
            .body(Map.of("to", to, "body", "Your viewing is at 3pm"))
            .post("/api/messages")
            .then()
            .statusCode(202)
            .body("sentBy.subject", equalTo("agent-ada"))
            .body("sentBy.name", equalTo("Ada Lovelace"))
            .extract()
            .path("id");

    // Anyone who reads the conversation sees who sent it.
    String viewer = TestTokens.token("viewer-vic", "Vic Viewer", Roles.VIEWER);
    Api.as(viewer)
        .get("/api/messages/" + id)
        .then()
        .statusCode(200)
        .body("sentBy.subject", equalTo("agent-ada"))
        .body("sentBy.name", equalTo("Ada Lovelace"));
    JsonPath page =
        Api.as(viewer)
            .get("/api/conversations/" + to + "/messages")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(
        Map.of("subject", "agent-ada", "name", "Ada Lovelace"), page.get("items[0].sentBy"));

    Row stored =
        row(
            "SELECT sent_by_subject, sent_by_name FROM sms_messages WHERE id = $1",
            UUID.fromString(id));
    assertEquals("agent-ada", stored.getString("sent_by_subject"));
    assertEquals("Ada Lovelace", stored.getString("sent_by_name"));
  }

  @Test
  void aLiftRecordsTheAdminsSubjectAndIgnoresAForgedXActor() {
    String phone = Numbers.fresh();
    OptOuts.byKeyword(pool, phone);
    Api.as(TestTokens.token("admin-grace", "Grace Hopper", Roles.ADMIN))
        .header("X-Actor", FORGED)
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "Asked by phone"))
        .post("/api/opt-outs/" + phone + "/lift")
        .then()
        .statusCode(200)
        .body("source", equalTo("manual"))
        .body("updatedBy", equalTo("admin-grace"));
    assertEquals(
        "admin-grace",
        row("SELECT updated_by FROM opt_outs WHERE phone_e164 = $1", phone)
            .getString("updated_by"));
    String event =
        row(
                "SELECT payload::text FROM outbox WHERE record_key = $1 AND topic = $2",
                phone,
                Topics.OPT_OUT)
            .getString(0);
    assertEquals("admin-grace", JsonPath.from(event).getString("actorSubject"));
    assertEquals("Grace Hopper", JsonPath.from(event).getString("actorName"));
  }

  @Test
  void oneUsersIdempotencyKeyNeverAnswersWithAnotherUsersText() {
    String to = Numbers.fresh();
    String key = UUID.randomUUID().toString();
    String ada = TestTokens.token("agent-ada", "Ada Lovelace", Roles.AGENT);
    String bob = TestTokens.token("agent-bob", "Bob Agent", Roles.AGENT);
    Map<String, String> request = Map.of("to", to, "body", "Open house on Saturday");

    String first =
        Api.as(ada)
            .header("Idempotency-Key", key)
            .contentType(ContentType.JSON)
            .body(request)
            .post("/api/messages")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    Api.as(bob)
        .header("Idempotency-Key", key)
        .contentType(ContentType.JSON)
        .body(request)
        .post("/api/messages")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("field", equalTo("Idempotency-Key"));
    // The owner's repeat still answers with the first text.
    Api.as(ada)
        .header("Idempotency-Key", key)
        .contentType(ContentType.JSON)
        .body(request)
        .post("/api/messages")
        .then()
        .statusCode(202)
        .body("id", equalTo(first))
        .body("sentBy.subject", equalTo("agent-ada"));
    assertEquals(1, Db.count(pool, "SELECT count(*) FROM sms_messages WHERE to_number = $1", to));
  }
}
