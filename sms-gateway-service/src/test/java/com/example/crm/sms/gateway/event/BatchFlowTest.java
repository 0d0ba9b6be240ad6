package com.example.crm.sms.gateway.event;

import static com.example.crm.sms.gateway.support.Api.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.Db;
import com.example.crm.sms.gateway.support.Events;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.gateway.support.SseClient;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The consumers' batches over the real broker: every record of one producer batch is polled, and
 * stored, together. In one transaction, every callback is kept once and each message ends at the
 * highest status its callbacks allow; STOP and START apply in their order; a record that can never
 * be stored goes to the DLQ alone and the rest of its batch is stored.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class BatchFlowTest {

  @Inject Pool pool;

  @TestHTTPResource("/")
  URL base;

  /**
   * The callbacks of one message in the batch, in their order (the first with the error code), and
   * where they must leave it.
   */
  record Case(
      String name,
      List<MessageStatus> statuses,
      Integer errorCode,
      String finalStatus,
      long historyRows) {}

  private static final List<Case> CASES =
      List.of(
          new Case(
              "delivered, sent, sending",
              List.of(MessageStatus.DELIVERED, MessageStatus.SENT, MessageStatus.SENDING),
              null,
              "delivered",
              3),
          new Case(
              "sent twice, then delivered",
              List.of(MessageStatus.SENT, MessageStatus.SENT, MessageStatus.DELIVERED),
              null,
              "delivered",
              2),
          new Case(
              "undelivered, then delivered",
              List.of(MessageStatus.UNDELIVERED, MessageStatus.DELIVERED),
              30006,
              "undelivered",
              2),
          new Case(
              "failed: unsubscribed recipient", List.of(MessageStatus.FAILED), 21610, "failed", 1));

  private static boolean optedOut(String phone) {
    return given().get("/api/opt-outs/" + phone).then().extract().jsonPath().getBoolean("optedOut");
  }

  private static List<String> reasons(String topic, String key, Duration wait) {
    return TestKafka.read(Topics.dlq(topic), r -> key.equals(r.key()), 3, wait).stream()
        .map(BatchFlowTest::reason)
        .toList();
  }

  private static String reason(ConsumerRecord<String, String> r) {
    return new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
  }

  @Test
  void aBatchOfCallbacksKeepsEachOnceMovesEachMessageForwardAndDeadLettersOnlyThePoison() {
    List<String> ids = new ArrayList<>();
    List<String> sids = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Case c : CASES) {
      String id = Api.queue(Numbers.fresh(), "Batch: " + c.name());
      String sid =
          Api.awaitMessage(id, m -> m.getString("messageSid") != null).getString("messageSid");
      ids.add(id);
      sids.add(sid);
      for (int i = 0; i < c.statuses().size(); i++) {
        // The error code comes with the first (the failing) callback only.
        values.add(Events.callbackJson(sid, c.statuses().get(i), i == 0 ? c.errorCode() : null));
      }
    }
    values.add(2, "{not json");
    values.add(5, Events.callbackJson("", MessageStatus.DELIVERED, null));
    String key = "batch-" + System.nanoTime();
    Events.publishTogether(Topics.STATUS, key, values);

    String[] all = sids.toArray(String[]::new);
    long rows = CASES.stream().mapToLong(Case::historyRows).sum();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Db.count(
                        pool,
                        "SELECT count(*) FROM message_status_history WHERE message_sid = ANY($1)",
                        (Object) all)
                    == rows);
    for (int i = 0; i < CASES.size(); i++) {
      Case c = CASES.get(i);
      JsonPath m = Api.awaitStatus(ids.get(i), c.finalStatus());
      assertEquals(
          c.historyRows(),
          Db.count(
              pool,
              "SELECT count(*) FROM message_status_history WHERE message_sid = $1",
              sids.get(i)),
          c.name() + ": each callback once");
      if (c.errorCode() != null) {
        assertEquals(c.errorCode().intValue(), m.getInt("errorCode"), c.name());
      }
    }
    assertEquals(
        1,
        Db.count(
            pool,
            "SELECT count(DISTINCT received_at) FROM message_status_history"
                + " WHERE message_sid = ANY($1)",
            (Object) all),
        "the whole batch in one transaction");
    assertTrue(optedOut(Api.message(ids.get(3)).getString("to")), "21610 opts the number out");
    List<String> dead = reasons(Topics.STATUS, key, Duration.ofSeconds(5));
    assertEquals(2, dead.size(), "the two bad records dead-lettered, alone: " + dead);
    assertTrue(dead.contains("unreadable status record"), dead.toString());
    assertTrue(dead.stream().anyMatch(r -> r.contains("without MessageSid")), dead.toString());
  }

  @Test
  void aBatchOfTextsStoresEachOnceAppliesKeywordsInOrderAndDeadLettersOnlyThePoison() {
    String stopThenStart = Numbers.fresh();
    String startThenStop = Numbers.fresh();
    String repeated = Numbers.fresh();
    String repeatedSid = Events.sid();
    Map<String, String> senders = new LinkedHashMap<>();
    List<String> values = new ArrayList<>();
    String[][] texts = {
      {stopThenStart, "STOP", KeywordKind.OPT_OUT.name()},
      {startThenStop, "START", KeywordKind.OPT_IN.name()},
      {stopThenStart, "START", KeywordKind.OPT_IN.name()},
      {startThenStop, "STOP", KeywordKind.OPT_OUT.name()},
    };
    for (String[] t : texts) {
      String sid = Events.sid();
      senders.put(sid, t[0]);
      values.add(Events.textJson(sid, t[0], t[1], KeywordKind.valueOf(t[2])));
    }
    values.add(Events.textJson(repeatedSid, repeated, "Twice", KeywordKind.NONE));
    values.add(1, "{not json");
    values.add(Events.textJson(repeatedSid, repeated, "Twice", KeywordKind.NONE));
    values.add(Events.inboundJson(Events.sid(), "", Map.of("body", "no sender")));
    senders.put(repeatedSid, repeated);
    String key = "batch-" + System.nanoTime();

    try (SseClient stream =
        SseClient.open(base, "/api/conversations/" + stopThenStart + "/stream")) {
      await().atMost(Duration.ofSeconds(10)).until(() -> stream.statusLine() != null);
      Events.publishTogether(Topics.INBOUND, key, values);

      String[] sids = senders.keySet().toArray(String[]::new);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  Db.count(
                          pool,
                          "SELECT count(DISTINCT message_sid) FROM sms_messages"
                              + " WHERE message_sid = ANY($1)",
                          (Object) sids)
                      == sids.length);
      assertEquals(
          sids.length,
          Db.count(
              pool, "SELECT count(*) FROM sms_messages WHERE message_sid = ANY($1)", (Object) sids),
          "each text once, the repeat too");
      assertFalse(optedOut(stopThenStart), "STOP then START: opted in");
      assertTrue(optedOut(startThenStop), "START then STOP: opted out");
      assertEquals(
          1,
          Db.count(
              pool,
              "SELECT count(DISTINCT updated_at) FROM opt_outs WHERE phone_e164 = ANY($1)",
              (Object) new String[] {stopThenStart, startThenStop}),
          "both keywords in one transaction");
      Set<String> live =
          senders.entrySet().stream()
              .filter(e -> e.getValue().equals(stopThenStart))
              .map(Map.Entry::getKey)
              .collect(Collectors.toSet());
      await().atMost(Duration.ofSeconds(10)).until(() -> live.stream().allMatch(stream::received));
    }
    List<String> dead = reasons(Topics.INBOUND, key, Duration.ofSeconds(5));
    assertEquals(2, dead.size(), "the two bad records dead-lettered, alone: " + dead);
    assertTrue(dead.contains("unreadable inbound record"), dead.toString());
    assertTrue(dead.stream().anyMatch(r -> r.contains("without From")), dead.toString());
  }
}
