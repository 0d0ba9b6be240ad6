package com.example.crm.sms.gateway.event;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.EventJson;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.OutboundMessageEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.gateway.repository.OutboxRepository;
import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.Db;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The transactional outbox and its relay, over the real broker. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class OutboxRelayTest {

  @Inject Pool pool;

  private static OutboundMessageEvent read(ConsumerRecord<String, String> r) {
    try {
      return EventJson.strictMapper().readValue(r.value(), OutboundMessageEvent.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<ConsumerRecord<String, String>> eventsOf(
      String id, int count, Duration wait) {
    return TestKafka.read(Topics.OUTBOUND, r -> r.value().contains(id), count, wait);
  }

  @Test
  void queuedMessageEventLandsOnOutboundTopicKeyedByRecipient() {
    String to = Numbers.fresh();
    String id = Api.queue(to, "Outbox");
    List<ConsumerRecord<String, String>> records = eventsOf(id, 2, Duration.ofSeconds(20));
    assertEquals(2, records.size(), "queued, then the status Twilio answered with");
    OutboundMessageEvent queued = read(records.get(0));
    assertEquals(to, records.get(0).key());
    assertEquals(UUID.fromString(id), queued.messageId());
    assertEquals(MessageStatus.QUEUED, queued.status());
    assertEquals(OutboundMessageEvent.TYPE, queued.type());
    assertEquals(to, queued.to());
    assertEquals("Outbox", queued.body());
    OutboundMessageEvent accepted = read(records.get(1));
    assertTrue(accepted.messageSid() != null && accepted.sentAt() != null);
  }

  /**
   * No relay runs (here: another replica holds the relay lock and publishes nothing, as one that
   * stopped between commit and publish): the event stays committed in the outbox, and the next
   * relay to run publishes it.
   */
  @Test
  void anEventCommittedWhileNoRelayRunsIsPublishedByTheNextRelay() {
    SqlConnection otherReplica = pool.getConnection().await().atMost(Duration.ofSeconds(10));
    String id;
    try {
      otherReplica
          .preparedQuery("SELECT pg_advisory_lock($1)")
          .execute(Tuple.of(OutboxRepository.RELAY_LOCK))
          .await()
          .atMost(Duration.ofSeconds(10));
      id = Api.queue(Numbers.fresh(), "Crash test");
      assertTrue(unpublished(id) >= 1, "committed in the outbox");
      assertTrue(eventsOf(id, 1, Duration.ofSeconds(2)).isEmpty(), "not published while stopped");
    } finally {
      otherReplica
          .preparedQuery("SELECT pg_advisory_unlock($1)")
          .execute(Tuple.of(OutboxRepository.RELAY_LOCK))
          .await()
          .atMost(Duration.ofSeconds(10));
      otherReplica.closeAndAwait();
    }
    assertFalse(eventsOf(id, 1, Duration.ofSeconds(20)).isEmpty(), "published after the restart");
    await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(id) == 0);
  }

  private long unpublished(String id) {
    return Db.count(
        pool,
        "SELECT count(*) FROM outbox WHERE aggregate_id = $1 AND published_at IS NULL",
        UUID.fromString(id));
  }
}
