package com.example.crm.sms.contacts.event;

import static com.example.crm.sms.contacts.TestDatabase.count;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.contacts.TestContacts;
import com.example.crm.sms.contacts.TestEvents;
import com.example.crm.sms.contacts.event.BatchConsumptionTest.Record;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.OptOutChangedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import com.example.crm.sms.testsupport.db.DatabaseProxy;
import com.example.crm.sms.testsupport.db.DatabaseProxyTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rule 3 for a batch: a batch cut by a database outage is retried whole, nothing of it skipped or
 * dead-lettered, and applied once when the database is back (texts, and opt-outs lifted by hand).
 * (The same resources as {@link DatabaseOutageTest}, so the same Quarkus instance behind the same
 * proxy.)
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
    value = DatabaseProxyTestResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class BatchDatabaseOutageTest {

  @Inject Pool pool;

  @Test
  void aBatchCutByAnOutageIsAppliedOnceWhenTheDatabaseIsBack() {
    Instant t = Instant.parse("2026-11-30T12:00:00Z");
    List<String> numbers = new ArrayList<>();
    List<Record> records = new ArrayList<>();
    List<String> sids = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      String from = TestEvents.newNumber();
      numbers.add(from);
      InboundMessageReceivedEvent hello = TestEvents.inbound(from, "hello " + n, t);
      InboundMessageReceivedEvent stop =
          TestEvents.inbound(
              from, TestEvents.newSid(), t.plusSeconds(1), "STOP", KeywordKind.OPT_OUT);
      sids.add(hello.messageSid());
      sids.add(stop.messageSid());
      for (InboundMessageReceivedEvent e : List.of(hello, stop, hello)) {
        records.add(new Record(Topics.INBOUND, from, TestEvents.json(e)));
      }
    }
    DatabaseProxy.shared().down();
    try {
      BatchConsumptionTest.burst(records.toArray(Record[]::new));

      // Long enough for several attempts; nothing is dead-lettered.
      assertEquals(0, deadLettered(sids, Duration.ofSeconds(6)));
    } finally {
      DatabaseProxy.shared().up();
    }

    Object phones = numbers.toArray(new String[0]);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                count(
                        pool,
                        "select count(*) from contacts where phone_e164 = any($1)"
                            + " and sms_opted_out",
                        phones)
                    == 4);
    assertEquals(
        4L * 3,
        count(
            pool,
            "select count(*) from contact_activities a join contacts c on c.id = a.contact_id"
                + " where c.phone_e164 = any($1)",
            phones),
        "each text once, its keyword once");
    assertEquals(0, deadLettered(sids, Duration.ofSeconds(1)));
  }

  /**
   * The same for an opt-out lifted in the gateway: paused, then applied once, never dead-lettered.
   */
  @Test
  void aLiftDuringAnOutageIsAppliedOnceWhenTheDatabaseIsBack() {
    String phone = TestEvents.newNumber();
    String id = TestContacts.create(Map.of("firstName", "Outage", "phone", phone));
    UUID contactId = UUID.fromString(id);
    OptOutChangedEvent lift =
        new OptOutChangedEvent(
            UUID.randomUUID(),
            OptOutChangedEvent.TYPE,
            Instant.parse("2026-11-30T12:05:00Z"),
            OptOutChangedEvent.SCHEMA_VERSION,
            phone,
            false,
            "admin-grace",
            "Grace Hopper",
            "Asked during the outage");
    String json = TestEvents.json(lift);
    DatabaseProxy.shared().down();
    try {
      TestEvents.send(Topics.OPT_OUT, phone, json);
      TestEvents.send(Topics.OPT_OUT, phone, json);
      assertEquals(0, liftsDeadLettered(lift, Duration.ofSeconds(6)));
    } finally {
      DatabaseProxy.shared().up();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                count(
                        pool,
                        "select count(*) from contact_activities where contact_id = $1"
                            + " and kind = 'sms_opted_in'",
                        contactId)
                    == 1);
    assertEquals(0, liftsDeadLettered(lift, Duration.ofSeconds(1)));
  }

  private static int liftsDeadLettered(OptOutChangedEvent lift, Duration wait) {
    return TestKafka.read(
            Topics.dlq(Topics.OPT_OUT),
            r -> r.value() != null && r.value().contains(lift.eventId().toString()),
            1,
            wait)
        .size();
  }

  private static int deadLettered(List<String> sids, Duration wait) {
    return TestKafka.read(
            Topics.dlq(Topics.INBOUND),
            r -> r.value() != null && sids.stream().anyMatch(r.value()::contains),
            1,
            wait)
        .size();
  }
}
