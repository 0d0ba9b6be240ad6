package com.example.crm.sms.gateway.event;

import static com.example.crm.sms.gateway.support.Api.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.Db;
import com.example.crm.sms.gateway.support.Events;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import com.example.crm.sms.testsupport.db.DatabaseProxy;
import com.example.crm.sms.testsupport.db.DatabaseProxyTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rule 3 (docs/architecture.md) through a database outage longer than the throttled commit
 * strategy's 60 s stuck-record limit: the consumers wait with backoff, neither skip nor dead-letter
 * an event, apply each once when the database is back, and go on consuming. The service reaches
 * PostgreSQL through a proxy this test cuts for two minutes.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
    value = DatabaseProxyTestResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class DatabaseOutageTest {

  private static final Duration OUTAGE = Duration.ofMinutes(2);
  private static final int TEXTS = 3;

  /** Readiness is on the management interface. */
  @TestHTTPResource(value = "/", management = true)
  URI management;

  @Inject Pool pool;

  /** What the test published: each status callback's SID, each inbound text's SID and sender. */
  private final List<String> statusSids = new ArrayList<>();

  private final Map<String, String> inboundSenders = new java.util.LinkedHashMap<>();

  @Test
  void statusAndInboundEventsWaitOutATwoMinuteOutageAndAreAppliedOnceAndConsumingGoesOn()
      throws InterruptedException {
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 2 * TEXTS + 1; i++) {
      sent.add(sentSid());
    }

    DatabaseProxy.shared().down();
    try {
      publish(sent.subList(0, TEXTS));
      // Readiness goes DOWN once no background probe succeeded for down-after (2 s in tests),
      // and every health call answers at once from the probe's result, never waiting on the cut.
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  given()
                      .get(management.resolve("/q/health/ready"))
                      .then()
                      .statusCode(503)
                      .time(org.hamcrest.Matchers.lessThan(1000L)));
      // A send meanwhile is told to come back later (503 with Retry-After), not a 500.
      Api.send(Numbers.fresh(), "During the outage", null)
          .then()
          .statusCode(503)
          .contentType("application/problem+json")
          .header("Retry-After", "5");
      // Past the stuck-record limit (60 s) with records waiting, then more records.
      Thread.sleep(OUTAGE.dividedBy(2).toMillis());
      publish(sent.subList(TEXTS, 2 * TEXTS));
      Thread.sleep(OUTAGE.dividedBy(2).toMillis());
    } finally {
      DatabaseProxy.shared().up();
    }

    awaitApplied(Duration.ofSeconds(90));
    assertNothingDeadLettered();

    // The consumers still consume: one more of each after the recovery is applied too.
    publish(sent.subList(2 * TEXTS, 2 * TEXTS + 1));
    awaitApplied(Duration.ofSeconds(30));
    assertNothingDeadLettered();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> given().get(management.resolve("/q/health/ready")).then().statusCode(200));
  }

  /** An outbound text the fake Twilio accepted: its SID. */
  private static String sentSid() {
    String id = Api.queue(Numbers.fresh(), "Outage test");
    return Api.awaitMessage(id, m -> m.getString("messageSid") != null).getString("messageSid");
  }

  /** A delivered callback for each SID and one inbound text per SID from a fresh number. */
  private void publish(List<String> sids) {
    for (String sid : sids) {
      Events.status(sid, MessageStatus.DELIVERED, null);
      statusSids.add(sid);
      String inboundSid = Events.sid();
      String from = Numbers.fresh();
      Events.inbound(inboundSid, from, "during the outage", KeywordKind.NONE);
      inboundSenders.put(inboundSid, from);
    }
  }

  /** Every published event stored exactly once, and each callback applied to its message. */
  private void awaitApplied(Duration wait) {
    await()
        .atMost(wait)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                statusSids.stream().allMatch(sid -> history(sid) >= 1 && delivered(sid))
                    && inboundSenders.keySet().stream().allMatch(sid -> inbound(sid) >= 1));
    for (String sid : statusSids) {
      assertEquals(1, history(sid), "status of " + sid + " stored once");
    }
    for (String sid : inboundSenders.keySet()) {
      assertEquals(1, inbound(sid), "inbound " + sid + " stored once");
    }
  }

  private void assertNothingDeadLettered() {
    Set<String> statusKeys = new HashSet<>(statusSids);
    Set<String> inboundKeys = new HashSet<>(inboundSenders.values());
    assertTrue(
        TestKafka.read(
                Topics.dlq(Topics.STATUS),
                r -> statusKeys.contains(r.key()),
                1,
                Duration.ofSeconds(2))
            .isEmpty(),
        "no status callback dead-lettered");
    assertTrue(
        TestKafka.read(
                Topics.dlq(Topics.INBOUND),
                r -> inboundKeys.contains(r.key()),
                1,
                Duration.ofSeconds(2))
            .isEmpty(),
        "no inbound text dead-lettered");
  }

  private long history(String sid) {
    return Db.count(
        pool, "SELECT count(*) FROM message_status_history WHERE message_sid = $1", sid);
  }

  private boolean delivered(String sid) {
    return Db.count(
            pool,
            "SELECT count(*) FROM sms_messages WHERE message_sid = $1 AND status = 'delivered'",
            sid)
        == 1;
  }

  private long inbound(String sid) {
    return Db.count(
        pool,
        "SELECT count(*) FROM sms_messages WHERE message_sid = $1 AND direction = 'inbound'",
        sid);
  }
}
