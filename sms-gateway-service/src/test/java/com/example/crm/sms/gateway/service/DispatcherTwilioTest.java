package com.example.crm.sms.gateway.service;

import static com.example.crm.sms.gateway.support.Api.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.FakeTwilio;
import com.example.crm.sms.gateway.support.FakeTwilio.Recorded;
import com.example.crm.sms.gateway.support.FakeTwilio.Reply;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The dispatcher against a fake Twilio: the SDK's exact requests and every kind of answer. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class DispatcherTwilioTest {

  private final FakeTwilio twilio = FakeTwilio.shared();

  @Inject Pool pool;

  @Test
  void sendsTheExactFormWithBasicAuthAndStoresTheSid() {
    String to = Numbers.fresh();
    String id = Api.queue(to, "Your viewing is at 3pm {Unit 4}");
    JsonPath sent = Api.awaitMessage(id, m -> m.getString("messageSid") != null);

    List<Recorded> sends = twilio.sendsTo(to);
    assertEquals(1, sends.size());
    Recorded send = sends.get(0);
    assertEquals("POST", send.method());
    assertEquals("/2010-04-01/Accounts/" + FakeTwilio.ACCOUNT_SID + "/Messages.json", send.path());
    assertEquals(
        Map.of(
            "To",
            to,
            "From",
            FakeTwilio.FROM,
            "Body",
            "Your viewing is at 3pm {Unit 4}",
            "StatusCallback",
            FakeTwilioTestResource.INGEST_URL + "/twilio/status"),
        send.form());
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (FakeTwilio.ACCOUNT_SID + ":" + FakeTwilio.AUTH_TOKEN)
                        .getBytes(StandardCharsets.UTF_8));
    assertEquals(basic, send.authorization());
    assertEquals("queued", sent.getString("status"));
    assertTrue(sent.getString("messageSid").matches("SM[0-9a-f]{32}"));
    assertTrue(sent.getString("sentAt") != null);
  }

  @Test
  void invalidNumber21211FailsWithTheCodeAndMessage() {
    String to = Numbers.fresh();
    twilio.script(to, Reply.error(400, 21211, "The 'To' number is not a valid phone number."));
    String id = Api.queue(to, "Hi");
    JsonPath failed = Api.awaitStatus(id, "failed");
    assertEquals(21211, failed.getInt("errorCode"));
    assertEquals("The 'To' number is not a valid phone number.", failed.getString("errorMessage"));
    assertTrue(failed.getString("failedAt") != null);
    assertEquals(1, twilio.sendsTo(to).size());
  }

  @Test
  void unsubscribed21610FailsAndOptsTheNumberOut() {
    String to = Numbers.fresh();
    twilio.script(to, Reply.error(400, 21610, "Attempt to send to unsubscribed recipient"));
    String id = Api.queue(to, "Hi");
    JsonPath failed = Api.awaitStatus(id, "failed");
    assertEquals(21610, failed.getInt("errorCode"));
    given()
        .get("/api/opt-outs/" + to)
        .then()
        .statusCode(200)
        .body("optedOut", equalTo(true))
        .body("source", equalTo("error-21610"));
    Api.send(to, "Again", null).then().statusCode(409).body("field", equalTo("to"));
  }

  @Test
  void aTextQueuedBeforeTheRecipientOptedOutIsNotSent() {
    String to = Numbers.fresh();
    UUID id = UUID.randomUUID();
    // The STOP landed between the POST and the dispatch: both rows are written directly.
    pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "INSERT INTO opt_outs (phone_e164, opted_out, source) VALUES ($1, true,"
                            + " 'keyword')")
                    .execute(Tuple.of(to))
                    .chain(
                        () ->
                            tx.preparedQuery(
                                    "INSERT INTO sms_messages (id, direction, peer_number,"
                                        + " to_number, from_number, body, status, segments,"
                                        + " encoding, next_attempt_at) VALUES ($1, 'outbound', $2,"
                                        + " $2, $3, 'Hi', 'queued', 1, 'GSM-7', now())")
                                .execute(Tuple.of(id, to, FakeTwilio.FROM))))
        .await()
        .atMost(Duration.ofSeconds(10));
    JsonPath failed = Api.awaitStatus(id.toString(), "failed");
    assertTrue(failed.getString("errorMessage").contains("opted out"));
    assertEquals(0, twilio.sendsTo(to).size());
  }

  /** A row as a replica that died mid-way left it: claimed 5 minutes ago, maybe started. */
  private void insertAbandoned(UUID id, String to, boolean sendStarted) {
    pool.preparedQuery(
            "INSERT INTO sms_messages (id, direction, peer_number, to_number, from_number, body,"
                + " status, segments, encoding, next_attempt_at, claimed_by, claimed_at,"
                + " send_started_at, attempts) VALUES ($1, 'outbound', $2, $2, $3, 'Hi', 'queued',"
                + " 1, 'GSM-7', now(), $4, now() - interval '5 minutes',"
                + " CASE WHEN $5 THEN now() - interval '5 minutes' END, 1)")
        .execute(Tuple.of(id, to, FakeTwilio.FROM, UUID.randomUUID(), sendStarted))
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  @Test
  void aSendADeadReplicaStartedBecomesUnknownAndIsNeverResent() throws Exception {
    String to = Numbers.fresh();
    UUID id = UUID.randomUUID();
    insertAbandoned(id, to, true);
    Api.awaitStatus(id.toString(), "unknown");
    JsonPath settled = Api.awaitStatus(id.toString(), "failed");
    assertTrue(settled.getString("errorMessage").contains("stopped while sending"));
    assertEquals(0, twilio.sendsTo(to).size(), "the abandoned send is not repeated");
  }

  @Test
  void aSendADeadReplicaStartedThatTwilioDidSendIsFoundInItsListNotFailed() {
    String to = Numbers.fresh();
    UUID id = UUID.randomUUID();
    insertAbandoned(id, to, true);
    // Twilio created it 5 minutes ago (when the send started); the answer never arrived.
    String other = twilio.remember(to, FakeTwilio.FROM, "Another text", 290);
    String sid = twilio.remember(to, FakeTwilio.FROM, "Hi", 300);

    JsonPath found = Api.awaitMessage(id.toString(), m -> m.getString("messageSid") != null);
    assertEquals(sid, found.getString("messageSid"), "the text with the same body, not " + other);
    assertEquals("delivered", found.getString("status"));
    assertNull(found.getString("errorMessage"));
    assertEquals(0, twilio.sendsTo(to).size(), "found, never sent again");

    Recorded list = twilio.listsTo(to).get(0);
    assertEquals("/2010-04-01/Accounts/" + FakeTwilio.ACCOUNT_SID + "/Messages.json", list.path());
    assertEquals(FakeTwilio.FROM, list.query().get("From"));
    assertEquals("50", list.query().get("PageSize"));
    java.time.LocalDateTime since = java.time.LocalDateTime.parse(list.query().get("DateSent>"));
    java.time.LocalDateTime started =
        java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(5);
    assertTrue(
        since.isBefore(started.minusMinutes(1)) && since.isAfter(started.minusMinutes(4)),
        "searched from 2 minutes before the send started: " + since);
  }

  @Test
  void aSearchTwilioCannotAnswerConcludesNothingAndTheTextIsFoundWhenItCan() throws Exception {
    String to = Numbers.fresh();
    UUID id = UUID.randomUUID();
    String sid = twilio.remember(to, FakeTwilio.FROM, "Hi", 300);
    twilio.outage(Reply.error(503, 20503, "Service Unavailable"));
    try {
      insertAbandoned(id, to, true);
      Api.awaitStatus(id.toString(), "unknown");
      // Past the grace (3 s) and the search time (2 s) of the test profile, several rounds on:
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> twilio.listsTo(to).size() >= 3);
      Thread.sleep(6000);
      assertEquals("unknown", Api.message(id.toString()).getString("status"), "not failed");
    } finally {
      twilio.outage(null);
    }
    JsonPath found = Api.awaitMessage(id.toString(), m -> m.getString("messageSid") != null);
    assertEquals(sid, found.getString("messageSid"));
    assertEquals(0, twilio.sendsTo(to).size());
  }

  @Test
  void aClaimADeadReplicaNeverStartedIsSentOnce() {
    String to = Numbers.fresh();
    UUID id = UUID.randomUUID();
    insertAbandoned(id, to, false);
    Api.awaitMessage(id.toString(), m -> m.getString("messageSid") != null);
    assertEquals(1, twilio.sendsTo(to).size());
  }

  @Test
  void rateLimited429IsRetriedWithBackoffThenSent() {
    String to = Numbers.fresh();
    twilio.script(to, Reply.error(429, 20429, "Too Many Requests"));
    String id = Api.queue(to, "Hi");
    JsonPath sent = Api.awaitMessage(id, m -> m.getString("messageSid") != null);
    assertEquals(2, twilio.sendsTo(to).size());
    assertNull(sent.getString("errorMessage"));
  }

  @Test
  void serverError500IsAnUnknownOutcomeNeverResent() throws Exception {
    String to = Numbers.fresh();
    twilio.script(to, Reply.error(500, 20500, "Internal Server Error"));
    String id = Api.queue(to, "Hi");
    JsonPath unknown = Api.awaitStatus(id, "unknown");
    assertTrue(unknown.getString("errorMessage").contains("not re-sent"));
    // Reconciled after the grace period: without a SID there is nothing to fetch, so it fails.
    JsonPath settled = Api.awaitStatus(id, "failed");
    assertTrue(settled.getString("errorMessage").contains("no carrier SID"));
    Thread.sleep(1000);
    assertEquals(1, twilio.sendsTo(to).size(), "a 5xx is never re-sent automatically");
  }

  @Test
  void serviceUnavailable503IsPostedOnceAndIsAnUnknownOutcome() throws Exception {
    // Apache's default retry strategy would re-POST a 503 after a second (a second text).
    String to = Numbers.fresh();
    twilio.script(to, Reply.error(503, 20503, "Service Unavailable"));
    String id = Api.queue(to, "Hi");
    JsonPath unknown = Api.awaitStatus(id, "unknown");
    assertTrue(unknown.getString("errorMessage").contains("503"), unknown.prettify());
    Thread.sleep(2000);
    assertEquals(1, twilio.sendsTo(to).size(), "a 503 create is never repeated");
    assertNull(Api.message(id).getString("messageSid"));
  }

  @Test
  void timeoutIsAnUnknownOutcomeWithoutASecondCreate() throws Exception {
    String to = Numbers.fresh();
    twilio.script(to, Reply.slow(3000));
    String id = Api.queue(to, "Hi");
    JsonPath unknown = Api.awaitStatus(id, "unknown");
    assertTrue(unknown.getString("errorMessage").contains("timeout"), unknown.prettify());
    Thread.sleep(3000);
    assertEquals(1, twilio.sendsTo(to).size(), "a timed-out create is never repeated");
  }
}
