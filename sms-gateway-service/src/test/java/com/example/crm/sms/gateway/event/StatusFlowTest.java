package com.example.crm.sms.gateway.event;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.Db;
import com.example.crm.sms.gateway.support.Events;
import com.example.crm.sms.gateway.support.FakeTwilio;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Status callbacks over the real broker: forward only, once each, unreadable ones dead-lettered.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class StatusFlowTest {

  @Inject Pool pool;

  private String sentMessage() {
    String id = Api.queue(Numbers.fresh(), "Status test");
    return Api.awaitMessage(id, m -> m.getString("messageSid") != null).getString("id");
  }

  private void awaitHistory(String sid, long rows) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Db.count(
                        pool,
                        "SELECT count(*) FROM message_status_history WHERE message_sid = $1",
                        sid)
                    == rows);
  }

  @Test
  void lateSentDoesNotOverwriteDelivered() {
    String id = sentMessage();
    String sid = Api.message(id).getString("messageSid");
    Events.status(sid, MessageStatus.DELIVERED, null);
    Events.status(sid, MessageStatus.SENT, null);
    awaitHistory(sid, 2);
    JsonPath m = Api.message(id);
    assertEquals("delivered", m.getString("status"));
    assertNotNull(m.getString("deliveredAt"));
    assertNotNull(m.getString("sentAt"));
  }

  @Test
  void everyOrderOfSendingSentDeliveredEndsDelivered() {
    List<List<MessageStatus>> orders =
        List.of(
            List.of(MessageStatus.SENDING, MessageStatus.SENT, MessageStatus.DELIVERED),
            List.of(MessageStatus.SENDING, MessageStatus.DELIVERED, MessageStatus.SENT),
            List.of(MessageStatus.SENT, MessageStatus.SENDING, MessageStatus.DELIVERED),
            List.of(MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.SENDING),
            List.of(MessageStatus.DELIVERED, MessageStatus.SENDING, MessageStatus.SENT),
            List.of(MessageStatus.DELIVERED, MessageStatus.SENT, MessageStatus.SENDING));
    for (List<MessageStatus> order : orders) {
      String id = sentMessage();
      String sid = Api.message(id).getString("messageSid");
      order.forEach(s -> Events.status(sid, s, null));
      awaitHistory(sid, 3);
      assertEquals("delivered", Api.message(id).getString("status"), "order " + order);
    }
  }

  @Test
  void duplicateStatusMakesOneHistoryRowAndOneChange() {
    String id = sentMessage();
    String sid = Api.message(id).getString("messageSid");
    Events.status(sid, MessageStatus.SENT, null);
    Events.status(sid, MessageStatus.SENT, null);
    Events.status(sid, MessageStatus.DELIVERED, null);
    awaitHistory(sid, 2);
    Api.awaitStatus(id, "delivered");
    assertEquals(
        1,
        Db.count(
            pool,
            "SELECT count(*) FROM message_status_history WHERE message_sid = $1 AND status = 'sent'",
            sid));
  }

  @Test
  void undeliveredKeepsTheErrorAndSticks() {
    String id = sentMessage();
    String sid = Api.message(id).getString("messageSid");
    Events.status(sid, MessageStatus.UNDELIVERED, 30006);
    Events.status(sid, MessageStatus.DELIVERED, null);
    awaitHistory(sid, 2);
    JsonPath m = Api.message(id);
    assertEquals("undelivered", m.getString("status"));
    assertEquals(30006, m.getInt("errorCode"));
    assertEquals("Landline or unreachable carrier", m.getString("errorMessage"));
    assertNotNull(m.getString("failedAt"));
  }

  @Test
  void callbackThatBeatsTheSidToTheDatabaseIsAppliedWhenTheSidIsStored() {
    String to = Numbers.fresh();
    String sid = Events.sid();
    // Twilio answers late; its "delivered" callback arrives before the dispatcher stores the SID.
    FakeTwilio.shared()
        .script(
            to, new FakeTwilio.Reply(201, "{\"sid\":\"" + sid + "\",\"status\":\"queued\"}", 1000));
    String id = Api.queue(to, "Early callback");
    Events.status(sid, MessageStatus.DELIVERED, null);
    awaitHistory(sid, 1);
    JsonPath m = Api.awaitStatus(id, "delivered");
    assertEquals(sid, m.getString("messageSid"));
    assertNotNull(m.getString("deliveredAt"));
  }

  @Test
  void statusForAnUnknownSidIsKeptInHistory() {
    String sid = Events.sid();
    Events.status(sid, MessageStatus.DELIVERED, null);
    awaitHistory(sid, 1);
  }

  @Test
  void unreadableStatusGoesToTheDlqAndConsumptionGoesOn() {
    String key = "garbage-" + System.nanoTime();
    TestKafka.send(Topics.STATUS, key, "{not json");
    assertFalse(
        TestKafka.read(
                Topics.dlq(Topics.STATUS), r -> key.equals(r.key()), 1, Duration.ofSeconds(20))
            .isEmpty(),
        "the unreadable record is on the DLQ");
    String id = sentMessage();
    String sid = Api.message(id).getString("messageSid");
    Events.status(sid, MessageStatus.DELIVERED, null);
    Api.awaitStatus(id, "delivered");
  }
}
