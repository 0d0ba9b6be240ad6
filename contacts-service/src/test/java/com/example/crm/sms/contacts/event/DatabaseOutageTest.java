package com.example.crm.sms.contacts.event;

import static com.example.crm.sms.contacts.TestDatabase.count;
import static com.example.crm.sms.contacts.TestDatabase.rows;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.contacts.TestEvents;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import com.example.crm.sms.testsupport.db.DatabaseProxy;
import com.example.crm.sms.testsupport.db.DatabaseProxyTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Rule 3: while the database cannot apply an event, the consumer retries it with backoff; it
 * neither skips nor dead-letters it, and applies it once when the database is back. The service
 * reaches PostgreSQL through a proxy this test can cut.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
    value = DatabaseProxyTestResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class DatabaseOutageTest {

  /** Readiness is on the management interface. */
  @TestHTTPResource(value = "/", management = true)
  URI management;

  @Inject Pool pool;

  @Test
  void eventsWaitWhileTheDatabaseIsDownAndAreAppliedOnceItIsBack() {
    String from = TestEvents.newNumber();
    InboundMessageReceivedEvent event =
        TestEvents.inbound(from, "during the outage", Instant.now());
    DatabaseProxy.shared().down();
    try {
      TestEvents.publish(event);

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
      // Long enough for several attempts; nothing is dead-lettered.
      assertEquals(0, deadLettered(event, Duration.ofSeconds(6)));
    } finally {
      DatabaseProxy.shared().up();
    }

    await().atMost(Duration.ofSeconds(60)).until(() -> contacts(from) == 1);
    assertEquals(1, activities(event));
    assertEquals(0, deadLettered(event, Duration.ofSeconds(1)));
    // The JDBC pool (Flyway's) notices the recovery at its next validation.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> given().get(management.resolve("/q/health/ready")).then().statusCode(200));
  }

  @Test
  void eventsWaitWhileTheDatabaseRejectsEveryStatementAndAreAppliedWhenItRecovers() {
    String from = TestEvents.newNumber();
    InboundMessageReceivedEvent event = TestEvents.inbound(from, "table offline", Instant.now());
    rows(pool, "alter table contact_activities rename to contact_activities_offline");
    try {
      TestEvents.publish(event);

      assertEquals(0, deadLettered(event, Duration.ofSeconds(6)));
      assertEquals(0, contacts(from));
    } finally {
      rows(pool, "alter table contact_activities_offline rename to contact_activities");
    }

    await().atMost(Duration.ofSeconds(60)).until(() -> contacts(from) == 1);
    assertEquals(1, activities(event));
  }

  private static int deadLettered(InboundMessageReceivedEvent event, Duration wait) {
    return TestKafka.read(
            Topics.dlq(Topics.INBOUND),
            r -> r.value() != null && r.value().contains(event.messageSid()),
            1,
            wait)
        .size();
  }

  private long contacts(String phoneE164) {
    return count(pool, "select count(*) from contacts where phone_e164 = $1", phoneE164);
  }

  private long activities(InboundMessageReceivedEvent event) {
    return count(
        pool, "select count(*) from contact_activities where message_sid = $1", event.messageSid());
  }
}
