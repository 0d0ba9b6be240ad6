package com.example.crm.sms.gateway.event;

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
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule 3 (docs/architecture.md) for a batch: the database goes away in the middle of a batch's
 * transaction (held there by a trigger that sleeps), and the consumers store the whole batch again
 * once it is back, each event once, nothing dead-lettered. The service reaches PostgreSQL through
 * the proxy of {@link DatabaseOutageTest}.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
    value = DatabaseProxyTestResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class BatchOutageTest {

  @Inject Pool pool;

  private void sql(String statement) {
    pool.query(statement).execute().await().atMost(Duration.ofSeconds(10));
  }

  private static String sentSid() {
    String id = Api.queue(Numbers.fresh(), "Batch outage test");
    return Api.awaitMessage(id, m -> m.getString("messageSid") != null).getString("messageSid");
  }

  @Test
  void aBatchCutByAnOutageIsStoredWholeOnceTheDatabaseIsBack() throws InterruptedException {
    String slow = sentSid();
    String other = sentSid();
    String textSid = Events.sid();
    String from = Numbers.fresh();
    String key = "outage-" + System.nanoTime();
    sql(
        "CREATE OR REPLACE FUNCTION slow_for_test() RETURNS trigger AS $$ BEGIN"
            + " IF NEW.message_sid = '"
            + slow
            + "' THEN PERFORM pg_sleep(2); END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
    sql(
        "CREATE TRIGGER slow_for_test BEFORE INSERT ON message_status_history"
            + " FOR EACH ROW EXECUTE FUNCTION slow_for_test()");
    try {
      Events.publishTogether(
          Topics.STATUS,
          key,
          List.of(
              Events.callbackJson(slow, MessageStatus.SENDING, null),
              Events.callbackJson(slow, MessageStatus.DELIVERED, null),
              Events.callbackJson(other, MessageStatus.DELIVERED, null)));
      // The batch's transaction is inside the sleeping trigger: cut the database now.
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  Db.count(
                          pool,
                          "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'"
                              + " AND query LIKE '%message_status_history%'")
                      > 0);
      DatabaseProxy.shared().down();
      try {
        Events.publishTogether(
            Topics.INBOUND,
            key,
            List.of(Events.textJson(textSid, from, "during the cut", KeywordKind.NONE)));
        Thread.sleep(3000);
      } finally {
        DatabaseProxy.shared().up();
      }

      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  Db.count(
                              pool,
                              "SELECT count(*) FROM sms_messages WHERE status = 'delivered'"
                                  + " AND message_sid = ANY($1)",
                              (Object) new String[] {slow, other})
                          == 2
                      && Db.count(
                              pool,
                              "SELECT count(*) FROM sms_messages WHERE message_sid = $1",
                              textSid)
                          == 1);
      assertEquals(
          3,
          Db.count(
              pool,
              "SELECT count(*) FROM message_status_history WHERE message_sid = ANY($1)",
              (Object) new String[] {slow, other}),
          "each callback once");
      assertEquals(
          1,
          Db.count(
              pool,
              "SELECT count(DISTINCT received_at) FROM message_status_history"
                  + " WHERE message_sid = ANY($1)",
              (Object) new String[] {slow, other}),
          "the batch stored whole, in one transaction");
      assertTrue(
          TestKafka.read(
                  Topics.dlq(Topics.STATUS), r -> key.equals(r.key()), 1, Duration.ofSeconds(2))
              .isEmpty(),
          "no callback dead-lettered");
      assertTrue(
          TestKafka.read(
                  Topics.dlq(Topics.INBOUND), r -> key.equals(r.key()), 1, Duration.ofSeconds(2))
              .isEmpty(),
          "no text dead-lettered");
    } finally {
      sql("DROP TRIGGER IF EXISTS slow_for_test ON message_status_history");
    }
  }
}
