package com.example.crm.sms.gateway.rest;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.EventJson;
import com.example.crm.sms.events.OptOutChangedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.gateway.repository.OutboxRepository;
import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.Db;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.gateway.support.OptOuts;
import com.example.crm.sms.security.Roles;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import com.example.crm.sms.testsupport.oidc.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * POST /api/opt-outs/{phone}/lift (issue 17): an admin lifts an opt-out with a reason; the row and
 * its OptOutChangedEvent are written in one transaction and the event reaches sms.optout.v1 (the
 * real broker) with the admin from the token and the reason. Bad input: BadInputTest; who may:
 * AuthorizationTest.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class LiftOptOutTest {

  private static final String GRACE = "admin-grace";
  private static final String GRACE_NAME = "Grace Hopper";

  @Inject Pool pool;

  private static Response lift(RequestSpecification as, String phone, String reason) {
    return as.contentType("application/json")
        .body(Map.of("reason", reason))
        .post("/api/opt-outs/" + phone + "/lift");
  }

  private static Response lift(String phone, String reason) {
    return lift(Api.given(), phone, reason);
  }

  private static List<ConsumerRecord<String, String>> published(String phone, Duration wait) {
    return TestKafka.read(Topics.OPT_OUT, r -> phone.equals(r.key()), 1, wait);
  }

  private long outboxRows(String phone) {
    return Db.count(
        pool,
        "SELECT count(*) FROM outbox WHERE record_key = $1 AND topic = $2",
        phone,
        Topics.OPT_OUT);
  }

  @Test
  void liftingAStoppedNumberAnswersTheNewStateWithTheReasonAndItMayBeTextedAgain() {
    String phone = Numbers.fresh();
    OptOuts.stop(phone);
    Api.send(phone, "Still there?", null).then().statusCode(409);

    // Given in another format: the path takes any format and answers E.164.
    String national =
        "(" + phone.substring(2, 5) + ") " + phone.substring(5, 8) + "-" + phone.substring(8);
    lift(national, "  Asked by phone to get texts again  ")
        .then()
        .statusCode(200)
        .body("phone", equalTo(phone))
        .body("optedOut", equalTo(false))
        .body("source", equalTo("manual"))
        .body("updatedBy", equalTo(Api.ADMIN_SUBJECT))
        .body("updatedAt", notNullValue())
        .body("reason", equalTo("Asked by phone to get texts again"));
    Api.given()
        .get("/api/opt-outs/" + phone)
        .then()
        .statusCode(200)
        .body("optedOut", equalTo(false))
        .body("reason", equalTo("Asked by phone to get texts again"));
    Api.send(phone, "Welcome back", null).then().statusCode(202);
  }

  @Test
  void theLiftIsPublishedOnTheOptOutTopicKeyedByThePhoneWithTheAdminAndTheReason()
      throws Exception {
    String phone = Numbers.fresh();
    OptOuts.byKeyword(pool, phone);
    String updatedAt =
        lift(Api.as(TestTokens.token(GRACE, GRACE_NAME, Roles.ADMIN)), phone, "Signed the form")
            .then()
            .statusCode(200)
            .body("updatedBy", equalTo(GRACE))
            .extract()
            .path("updatedAt");

    List<ConsumerRecord<String, String>> records = published(phone, Duration.ofSeconds(20));
    assertEquals(1, records.size(), "one event on " + Topics.OPT_OUT);
    OptOutChangedEvent event =
        EventJson.strictMapper().readValue(records.get(0).value(), OptOutChangedEvent.class);
    assertEquals(OptOutChangedEvent.TYPE, event.type());
    assertEquals(OptOutChangedEvent.SCHEMA_VERSION, event.schemaVersion());
    assertEquals(phone, event.phone());
    assertFalse(event.optedOut());
    assertEquals(GRACE, event.actorSubject());
    assertEquals(GRACE_NAME, event.actorName());
    assertEquals("Signed the form", event.reason());
    // The time of the change as stored: what the contacts' forward-only opt-out compares.
    assertEquals(Instant.parse(updatedAt), event.occurredAt());
    await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(phone) == 0);
    assertEquals(1, outboxRows(phone));
  }

  /** With no relay running the lift and its event are committed together, then published. */
  @Test
  void theLiftAndItsEventAreCommittedTogetherAndPublishedWhenARelayRuns() {
    String phone = Numbers.fresh();
    OptOuts.byKeyword(pool, phone);
    SqlConnection otherReplica = pool.getConnection().await().atMost(Duration.ofSeconds(10));
    try {
      otherReplica
          .preparedQuery("SELECT pg_advisory_lock($1)")
          .execute(Tuple.of(OutboxRepository.RELAY_LOCK))
          .await()
          .atMost(Duration.ofSeconds(10));
      lift(phone, "Called the office").then().statusCode(200);
      assertEquals(1, unpublished(phone), "the event is committed with the lift");
      assertTrue(published(phone, Duration.ofSeconds(2)).isEmpty(), "no relay ran yet");
    } finally {
      otherReplica
          .preparedQuery("SELECT pg_advisory_unlock($1)")
          .execute(Tuple.of(OutboxRepository.RELAY_LOCK))
          .await()
          .atMost(Duration.ofSeconds(10));
      otherReplica.closeAndAwait();
    }
    assertEquals(1, published(phone, Duration.ofSeconds(20)).size());
  }

  /** An event that cannot be written takes the lift with it: no opt-out lifted unannounced. */
  @Test
  void aLiftWhoseEventCannotBeWrittenChangesNothing() {
    String phone = Numbers.fresh();
    OptOuts.byKeyword(pool, phone);
    String constraint =
        "ALTER TABLE outbox ADD CONSTRAINT lift_test_refuses CHECK (record_key <> '"
            + phone
            + "') NOT VALID";
    pool.query(constraint).execute().await().atMost(Duration.ofSeconds(10));
    try {
      lift(phone, "Called the office").then().statusCode(500);
    } finally {
      pool.query("ALTER TABLE outbox DROP CONSTRAINT lift_test_refuses")
          .execute()
          .await()
          .atMost(Duration.ofSeconds(10));
    }
    Api.given()
        .get("/api/opt-outs/" + phone)
        .then()
        .body("optedOut", equalTo(true))
        .body("source", equalTo("keyword"))
        .body("reason", nullValue());
    assertEquals(0, outboxRows(phone));
  }

  @Test
  void liftingANumberThatIsNotOptedOutIsAConflictAndWritesNothing() {
    String never = Numbers.fresh();
    lift(never, "Just in case")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", org.hamcrest.Matchers.containsString("not opted out"));
    assertEquals(0, Db.count(pool, "SELECT count(*) FROM opt_outs WHERE phone_e164 = $1", never));

    String lifted = Numbers.fresh();
    OptOuts.byKeyword(pool, lifted);
    lift(lifted, "First time").then().statusCode(200);
    lift(lifted, "Second time").then().statusCode(409);
    Api.given().get("/api/opt-outs/" + lifted).then().body("reason", equalTo("First time"));
    assertEquals(1, outboxRows(lifted), "only the lift that happened is announced");
    assertEquals(0, outboxRows(never));
  }

  @Test
  void anAgentMayNotLiftAnOptOut() {
    String phone = Numbers.fresh();
    OptOuts.byKeyword(pool, phone);
    lift(Api.as(TestTokens.token("agent-ada", "Ada Lovelace", Roles.AGENT)), phone, "Please")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("role"))
        .body("errors[0].message", equalTo(Roles.ADMIN));
    RestAssured.given()
        .contentType("application/json")
        .body(Map.of("reason", "Please"))
        .post("/api/opt-outs/" + phone + "/lift")
        .then()
        .statusCode(401);
    assertTrue(OptOuts.optedOut(phone));
    assertEquals(0, outboxRows(phone));
  }

  @Test
  void aReasonOf500CharactersIsKeptWhole() {
    String phone = Numbers.fresh();
    OptOuts.byKeyword(pool, phone);
    String reason = "\uD83D\uDE00".repeat(500);
    lift(phone, reason).then().statusCode(200).body("reason", equalTo(reason));
  }

  /** The reason is the last manual change's: a STOP after the lift clears it. */
  @Test
  void aKeywordAfterTheLiftClearsTheReason() {
    String phone = Numbers.fresh();
    OptOuts.byKeyword(pool, phone);
    lift(phone, "Asked in the shop").then().statusCode(200);
    OptOuts.stop(phone);
    Api.given()
        .get("/api/opt-outs/" + phone)
        .then()
        .body("optedOut", equalTo(true))
        .body("source", equalTo("keyword"))
        .body("reason", nullValue());
  }

  private long unpublished(String phone) {
    return Db.count(
        pool,
        "SELECT count(*) FROM outbox WHERE record_key = $1 AND topic = $2 AND published_at IS NULL",
        phone,
        Topics.OPT_OUT);
  }
}
