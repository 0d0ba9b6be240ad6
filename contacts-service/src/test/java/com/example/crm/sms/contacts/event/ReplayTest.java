package com.example.crm.sms.contacts.event;

import static com.example.crm.sms.contacts.TestDatabase.count;
import static com.example.crm.sms.contacts.TestDatabase.rows;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.contacts.TestEvents;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.testsupport.KafkaBroker;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Rule 2: a replayed topic changes nothing. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class ReplayTest {

  private static final List<String> TOPICS = List.of(Topics.INBOUND, Topics.OUTBOUND);

  @Inject Pool pool;

  @Test
  void replayingBothTopicsFromTheStartChangesNothing() throws Exception {
    Instant t = Instant.parse("2026-11-20T08:00:00Z");
    List<String> numbers = new ArrayList<>();
    for (int n = 0; n < 5; n++) {
      String from = TestEvents.newNumber();
      numbers.add(from);
      TestEvents.publish(TestEvents.inbound(from, "hello " + n, t.plusSeconds(n)));
      TestEvents.publish(
          TestEvents.inbound(
              from, TestEvents.newSid(), t.plusSeconds(100 + n), "STOP", KeywordKind.OPT_OUT));
      if (n % 2 == 0) {
        TestEvents.publish(
            TestEvents.inbound(
                from, TestEvents.newSid(), t.plusSeconds(200 + n), "START", KeywordKind.OPT_IN));
      }
    }
    // Texts go to contacts that exist: the outbound events come after the inbound ones created
    // them.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                count(
                        pool,
                        "select count(*) from contacts where phone_e164 = any($1)",
                        (Object) numbers.toArray(new String[0]))
                    == 5);
    for (String from : numbers) {
      UUID message = UUID.randomUUID();
      int n = numbers.indexOf(from);
      TestEvents.publish(
          TestEvents.outbound(message, null, from, MessageStatus.SENT, t.plusSeconds(300 + n)));
      TestEvents.publish(
          TestEvents.outbound(
              message, null, from, MessageStatus.DELIVERED, t.plusSeconds(302 + n)));
      TestEvents.publish(
          TestEvents.outbound(
              UUID.randomUUID(), null, from, MessageStatus.UNDELIVERED, t.plusSeconds(400 + n)));
    }
    await().atMost(Duration.ofSeconds(60)).until(this::consumedEverything);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                count(
                        pool,
                        "select count(*) from contact_activities a join contacts c on c.id ="
                            + " a.contact_id where c.phone_e164 = any($1)",
                        (Object) numbers.toArray(new String[0]))
                    == 5 + 5 * 2 + 3 * 2 + 5 * 3);
    String before = snapshot(numbers);

    int replayed = 0;
    List<Future<?>> sent = new ArrayList<>();
    for (String topic : TOPICS) {
      for (ConsumerRecord<String, String> r :
          TestKafka.read(topic, x -> true, Integer.MAX_VALUE, Duration.ofSeconds(5))) {
        sent.add(TestEvents.sendAsync(topic, r.key(), r.value()));
        replayed++;
      }
    }
    for (Future<?> f : sent) {
      f.get(30, TimeUnit.SECONDS);
    }
    assertTrue(replayed >= 13 + 15, "replayed " + replayed + " records");
    await().atMost(Duration.ofSeconds(60)).until(this::consumedEverything);

    assertEquals(before, snapshot(numbers));
  }

  /** Every record of both topics is applied and its offset committed. */
  private boolean consumedEverything() throws Exception {
    try (Admin admin = KafkaBroker.shared().admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets("contacts-service").partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      for (String topic : TOPICS) {
        for (int p = 0; p < KafkaBroker.PARTITIONS; p++) {
          latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
      }
      var ends = admin.listOffsets(latest).all().get();
      return ends.entrySet().stream()
          .allMatch(
              e ->
                  e.getValue().offset() == 0
                      || (committed.get(e.getKey()) != null
                          && committed.get(e.getKey()).offset() == e.getValue().offset()));
    }
  }

  /**
   * Everything the database holds about this test's numbers. (Other classes may run in a Quarkus
   * instance whose start cleaned the schema; their replayed records may re-create what was wiped.)
   */
  private String snapshot(List<String> numbers) {
    Object phones = numbers.toArray(new String[0]);
    return rows(pool, "select * from contacts where phone_e164 = any($1) order by id", phones)
            .stream()
            .map(Row::toJson)
            .map(Object::toString)
            .collect(Collectors.joining("\n"))
        + "\n--\n"
        + rows(
                pool,
                "select a.* from contact_activities a join contacts c on c.id = a.contact_id"
                    + " where c.phone_e164 = any($1) order by a.dedupe_key",
                phones)
            .stream()
            .map(Row::toJson)
            .map(Object::toString)
            .collect(Collectors.joining("\n"));
  }
}
