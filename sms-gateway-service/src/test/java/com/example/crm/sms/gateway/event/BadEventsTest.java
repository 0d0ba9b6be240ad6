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
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Rules 1 and 12 (docs/architecture.md) over the real broker: a text or status Twilio was told we
 * have is never dead-lettered for what it contains. Its text is cleaned, its values fitted to their
 * columns, and it is stored once; an opt-out in it always holds, even when the database refuses the
 * rest.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class BadEventsTest {

  private static final String EVERY_C0;
  private static final String EVERY_C0_CLEANED = "a\t\n\rz";
  private static final String EMOJI_1600 = "😀".repeat(1600);
  private static final String LONG = "9".repeat(5000);

  static {
    StringBuilder b = new StringBuilder("a");
    for (char c = 0; c < 0x20; c++) {
      b.append(c);
    }
    EVERY_C0 = b.append('z').toString();
  }

  @Inject Pool pool;
  @Inject MeterRegistry registry;

  /**
   * One inbound event: its case, its JSON fields, the body and the numbers it must be stored with.
   */
  record Inbound(
      String name,
      String sid,
      String from,
      Map<String, Object> fields,
      String storedBody,
      boolean fromFits) {}

  private static Inbound inbound(
      String name, String from, Map<String, Object> fields, String storedBody) {
    return inbound(name, Events.sid(), from, fields, storedBody);
  }

  private static Inbound inbound(
      String name, String sid, String from, Map<String, Object> fields, String storedBody) {
    return new Inbound(name, sid, from, fields, storedBody, from.length() <= 20);
  }

  /** The rows of a SID, or of a sender number (for a SID too long to be stored as it is). */
  private Row stored(String sid, String from) {
    var rows =
        pool.preparedQuery(
                "SELECT body, peer_number, to_number, messaging_service_sid, message_sid,"
                    + " count(*) OVER () AS n FROM sms_messages"
                    + " WHERE message_sid = $1 OR peer_number = $2")
            .execute(Tuple.of(sid, from.replace("\u0000", "")))
            .await()
            .atMost(Duration.ofSeconds(10));
    return rows.iterator().hasNext() ? rows.iterator().next() : null;
  }

  private static boolean optedOut(String phone) {
    return given().get("/api/opt-outs/" + phone).then().extract().jsonPath().getBoolean("optedOut");
  }

  private double counter(String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  private static List<ConsumerRecord<String, String>> deadLetters(
      String topic, Set<String> keys, Duration wait) {
    return TestKafka.read(Topics.dlq(topic), r -> keys.contains(r.key()), 1, wait);
  }

  @Test
  void everyAwkwardInboundTextIsStoredOnceCleanedAndNoneIsDeadLettered() throws Exception {
    String stop = Numbers.fresh();
    List<Inbound> cases =
        List.of(
            inbound(
                "every C0 control", Numbers.fresh(), Map.of("body", EVERY_C0), EVERY_C0_CLEANED),
            inbound(
                "lone surrogates",
                Numbers.fresh(),
                Map.of("body", "x" + Events.LONE_HIGH + "y" + Events.LONE_LOW + "z😀"),
                "x\uFFFDy\uFFFDz😀"),
            inbound(
                "1,600 four-byte emoji",
                Numbers.fresh(),
                Map.of("body", EMOJI_1600, "numSegments", 0),
                EMOJI_1600),
            inbound("an empty body", Numbers.fresh(), Map.of("body", ""), ""),
            inbound(
                "a whitespace-only body", Numbers.fresh(), Map.of("body", " \t \n "), " \t \n "),
            inbound("no body at all", Numbers.fresh(), Map.of("body", "null-marker"), ""),
            inbound("a 5,000 character From", LONG, Map.of("body", "long from"), "long from"),
            inbound(
                "a 5,000 character To",
                Numbers.fresh(),
                Map.of("to", LONG, "body", "long to"),
                "long to"),
            inbound(
                "a 5,000 character MessageSid",
                "SM" + LONG,
                Numbers.fresh(),
                Map.of("body", "long sid"),
                "long sid"),
            inbound(
                "a 5,000 character Messaging Service",
                Numbers.fresh(),
                Map.of("messagingServiceSid", "MG" + LONG, "body", "long service"),
                "long service"),
            inbound(
                "NUL in From", Numbers.fresh() + "\u0000", Map.of("body", "nul from"), "nul from"),
            inbound(
                "a time far in the future",
                Numbers.fresh(),
                Map.of("occurredAt", "9999-12-31T23:59:59Z", "body", "future"),
                "future"),
            inbound(
                "STOP with a NUL opts out",
                stop,
                Map.of("body", "STOP\u0000", "keyword", KeywordKind.OPT_OUT.name()),
                "STOP"));
    Set<String> keys = new java.util.HashSet<>();
    for (Inbound c : cases) {
      String json = Events.inboundJson(c.sid(), c.from(), c.fields());
      if (c.fields().get("body").equals("null-marker")) {
        json = json.replace("\"null-marker\"", "null");
      }
      keys.add(c.from());
      Events.publish(Topics.INBOUND, c.from(), json);
    }
    for (Inbound c : cases) {
      await().atMost(Duration.ofSeconds(20)).until(() -> stored(c.sid(), c.from()) != null);
      Row r = stored(c.sid(), c.from());
      assertEquals(1, r.getLong("n"), c.name() + ": stored once");
      assertEquals(c.storedBody(), r.getString("body"), c.name());
      assertTrue(r.getString("peer_number").length() <= 20, c.name());
      if (c.fromFits()) {
        assertEquals(c.from().replace("\u0000", ""), r.getString("peer_number"), c.name());
      }
    }
    assertTrue(optedOut(stop), "STOP\\u0000 with keyword OPT_OUT opts the number out");
    Inbound longService = cases.get(9);
    assertEquals(
        64,
        stored(longService.sid(), longService.from()).getString("messaging_service_sid").length());
    // A repeat of the text whose SID was shortened finds its row: still one.
    Inbound longSid = cases.get(8);
    assertEquals(64, stored(longSid.sid(), longSid.from()).getString("message_sid").length());
    Events.publish(
            Topics.INBOUND,
            longSid.from(),
            Events.inboundJson(longSid.sid(), longSid.from(), longSid.fields()))
        .get();
    String marker = Numbers.fresh();
    String markerSid = Events.sid();
    Events.inbound(markerSid, marker, "after the repeat", KeywordKind.NONE);
    await().atMost(Duration.ofSeconds(20)).until(() -> stored(markerSid, marker) != null);
    assertEquals(1, stored(longSid.sid(), longSid.from()).getLong("n"));
    assertTrue(
        deadLetters(Topics.INBOUND, keys, Duration.ofSeconds(2)).isEmpty(),
        "nothing dead-lettered");
    assertTrue(
        counter("sms.consumer.values.fitted", "channel", "inbound", "field", "body") >= 3,
        "cleaned bodies are counted");
    assertTrue(
        counter("sms.consumer.values.fitted", "channel", "inbound", "field", "from") >= 2,
        "shortened numbers are counted");
  }

  @Test
  void awkwardStatusCallbacksAreStoredOnceAndApplied() throws Exception {
    String id = Api.queue(Numbers.fresh(), "Status with awkward text");
    String sent =
        Api.awaitMessage(id, m -> m.getString("messageSid") != null).getString("messageSid");
    String unknown = Events.sid();
    Events.publish(
        Topics.STATUS,
        sent,
        Events.statusJson(
            sent,
            MessageStatus.UNDELIVERED,
            Map.of(
                "errorCode",
                30006,
                "errorMessage",
                "carrier" + EVERY_C0 + Events.LONE_HIGH,
                "rawDlrDoneDate",
                LONG)));
    Events.publish(
        Topics.STATUS,
        unknown,
        Events.statusJson(
            unknown,
            MessageStatus.DELIVERED,
            Map.of(
                "from", LONG, "to", LONG, "accountSid", "AC" + LONG, "rawDlrDoneDate", "\u0000")));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Db.count(
                        pool,
                        "SELECT count(*) FROM message_status_history WHERE message_sid = ANY($1)",
                        (Object) new String[] {sent, unknown})
                    == 2);
    var m = Api.awaitStatus(id, "undelivered");
    assertEquals(30006, m.getInt("errorCode"));
    assertEquals("carriera\t\n\rz\uFFFD", m.getString("errorMessage"));
    assertEquals(
        1,
        Db.count(
            pool,
            "SELECT count(*) FROM message_status_history WHERE message_sid = $1"
                + " AND length(from_number) <= 20 AND length(account_sid) <= 64"
                + " AND raw_dlr_done_date = ''",
            unknown));
    assertTrue(
        deadLetters(Topics.STATUS, Set.of(sent, unknown), Duration.ofSeconds(2)).isEmpty(),
        "nothing dead-lettered");
  }

  /**
   * A bug that makes the database refuse the whole change (forced here by a trigger raising
   * SQLSTATE 22023 for one Messaging Service, or for one body): the salvage keeps the opt-out and
   * the text without its details, and the data error is counted; refused even then, the text goes
   * to the DLQ with the reason, and the opt-out still holds.
   */
  @Test
  void whenTheStoreIsRefusedAsDataTheSalvageKeepsTheOptOutAndTheText() throws Exception {
    String refusedService = "MG" + "2".repeat(32);
    String refusedBody = "STOP refused everywhere";
    pool.query(
            "CREATE OR REPLACE FUNCTION refuse_for_test() RETURNS trigger AS $$ BEGIN"
                + " IF NEW.messaging_service_sid = '"
                + refusedService
                + "' OR NEW.body = '"
                + refusedBody
                + "' THEN RAISE EXCEPTION 'refused for the test' USING ERRCODE = '22023'; END IF;"
                + " RETURN NEW; END $$ LANGUAGE plpgsql")
        .execute()
        .chain(
            () ->
                pool.query(
                        "CREATE TRIGGER refuse_for_test BEFORE INSERT ON sms_messages"
                            + " FOR EACH ROW EXECUTE FUNCTION refuse_for_test()")
                    .execute())
        .await()
        .atMost(Duration.ofSeconds(10));
    try {
      double before =
          counter("sms.consumer.data.errors", "channel", "inbound", "sqlstate", "22023");
      String salvaged = Numbers.fresh();
      String salvagedSid = Events.sid();
      Events.publish(
              Topics.INBOUND,
              salvaged,
              Events.inboundJson(
                  salvagedSid,
                  salvaged,
                  Map.of(
                      "body",
                      "STOP",
                      "keyword",
                      KeywordKind.OPT_OUT.name(),
                      "messagingServiceSid",
                      refusedService)))
          .get();
      String lost = Numbers.fresh();
      Events.publish(
              Topics.INBOUND,
              lost,
              Events.inboundJson(
                  Events.sid(),
                  lost,
                  Map.of("body", refusedBody, "keyword", KeywordKind.OPT_OUT.name())))
          .get();

      await().atMost(Duration.ofSeconds(20)).until(() -> stored(salvagedSid, salvaged) != null);
      Row r = stored(salvagedSid, salvaged);
      assertEquals(1, r.getLong("n"));
      assertEquals("STOP", r.getString("body"));
      assertEquals(null, r.getString("messaging_service_sid"), "stored without its details");
      assertTrue(optedOut(salvaged), "the salvage kept the opt-out");

      List<ConsumerRecord<String, String>> dlq =
          deadLetters(Topics.INBOUND, Set.of(lost), Duration.ofSeconds(20));
      assertFalse(dlq.isEmpty(), "refused even in part: dead-lettered, not dropped");
      String reason =
          new String(
              dlq.get(0).headers().lastHeader("dead-letter-reason").value(),
              StandardCharsets.UTF_8);
      assertTrue(reason.contains("refused even in part"), reason);
      assertTrue(optedOut(lost), "its opt-out holds all the same");
      assertEquals(
          before + 2,
          counter("sms.consumer.data.errors", "channel", "inbound", "sqlstate", "22023"),
          "each refused event counted once");
    } finally {
      pool.query("DROP TRIGGER IF EXISTS refuse_for_test ON sms_messages")
          .execute()
          .await()
          .atMost(Duration.ofSeconds(10));
    }
  }
}
