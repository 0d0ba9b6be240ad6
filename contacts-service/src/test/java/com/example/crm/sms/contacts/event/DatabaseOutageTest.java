package com.example.crm.sms.contacts.event;

import static com.example.crm.sms.contacts.TestDatabase.count;
import static com.example.crm.sms.contacts.TestDatabase.rows;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.contacts.TestEvents;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Rule 3: while the database cannot apply an event, the consumer retries; it neither skips nor
 * dead-letters it. The outage is simulated by taking the activity table away (the shared PostgreSQL
 * server cannot be stopped under other services' tests): every statement of the consumer fails like
 * it would against a database that is down.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class DatabaseOutageTest {

  @Inject Pool pool;

  @Test
  void eventsWaitForTheDatabaseAndAreAppliedWhenItIsBack() {
    String from = TestEvents.newNumber();
    InboundMessageReceivedEvent event =
        TestEvents.inbound(from, "during the outage", Instant.now());
    rows(pool, "alter table contact_activities rename to contact_activities_offline");
    try {
      TestEvents.publish(event);

      // Long enough for several attempts; nothing is applied and nothing is dead-lettered.
      await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
      assertEquals(0, contacts(from));
      assertEquals(
          0,
          TestKafka.read(
                  Topics.dlq(Topics.INBOUND),
                  r -> r.value() != null && r.value().contains(event.messageSid()),
                  1,
                  Duration.ofSeconds(2))
              .size());
    } finally {
      rows(pool, "alter table contact_activities_offline rename to contact_activities");
    }

    await().atMost(Duration.ofSeconds(60)).until(() -> contacts(from) == 1);
    assertEquals(
        1,
        count(
            pool,
            "select count(*) from contact_activities where message_sid = $1",
            event.messageSid()));
  }

  private long contacts(String phoneE164) {
    return count(pool, "select count(*) from contacts where phone_e164 = $1", phoneE164);
  }
}
