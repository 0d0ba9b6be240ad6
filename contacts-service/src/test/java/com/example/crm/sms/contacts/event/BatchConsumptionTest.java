package com.example.crm.sms.contacts.event;

import static com.example.crm.sms.contacts.TestDatabase.count;
import static com.example.crm.sms.contacts.TestDatabase.rows;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.common.db.ConsumerStorage;
import com.example.crm.sms.contacts.TestEvents;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.OutboundMessageEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The consumers apply a polled batch in one transaction with the outcome of applying its events one
 * by one in order. Each case publishes its records in one burst, before the consumer's next poll,
 * so that they land in one batch (or a few: the assertions hold either way, on what the database
 * holds).
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class BatchConsumptionTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

  @Inject Pool pool;
  @Inject MeterRegistry registry;

  @Test
  void aDuplicateInABatchIsOneActivity() {
    String from = TestEvents.newNumber();
    InboundMessageReceivedEvent hello = TestEvents.inbound(from, "hello", T);
    InboundMessageReceivedEvent again = TestEvents.inbound(from, "hello again", T.plusSeconds(1));

    burst(inbound(hello), inbound(hello), inbound(again), inbound(hello));

    await().atMost(WAIT).until(() -> activities(from) == 2);
    assertEquals(1, contacts(from), "one contact for the number");
    assertEquals(1, activitiesOf(hello.messageSid()), "the duplicate is one activity");
    assertEquals(T.plusSeconds(1), lastContacted(from));
  }

  static Stream<Arguments> keywordOrders() {
    return Stream.of(
        Arguments.of("STOP then START ends opted in", List.of("STOP", "START"), false),
        Arguments.of("START then STOP ends opted out", List.of("START", "STOP"), true),
        Arguments.of("STOP, START, STOP ends opted out", List.of("STOP", "START", "STOP"), true),
        Arguments.of("START, STOP, START ends opted in", List.of("START", "STOP", "START"), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keywordOrders")
  void theLastKeywordOfANumberInABatchWins(String name, List<String> words, boolean optedOut) {
    String from = TestEvents.newNumber();
    List<Record> texts = new ArrayList<>();
    texts.add(inbound(TestEvents.inbound(from, "hello", T)));
    for (int i = 0; i < words.size(); i++) {
      KeywordKind kind = words.get(i).equals("STOP") ? KeywordKind.OPT_OUT : KeywordKind.OPT_IN;
      texts.add(
          inbound(
              TestEvents.inbound(
                  from, TestEvents.newSid(), T.plusSeconds(10 + i), words.get(i), kind)));
    }

    burst(texts.toArray(Record[]::new));

    await().atMost(WAIT).until(() -> activities(from) == 1 + 2L * words.size());
    Row contact =
        rows(
                pool,
                "select sms_opted_out, sms_opt_changed_at from contacts where phone_e164 = $1",
                from)
            .get(0);
    assertEquals(optedOut, contact.getBoolean(0), name);
    assertEquals(T.plusSeconds(10 + words.size() - 1), contact.getOffsetDateTime(1).toInstant());
    assertEquals(T.plusSeconds(10 + words.size() - 1), lastContacted(from));
  }

  @Test
  void aLateTextInABatchDoesNotMoveLastContactedBack() {
    String from = TestEvents.newNumber();

    burst(
        inbound(TestEvents.inbound(from, "newest", T.plusSeconds(60))),
        inbound(TestEvents.inbound(from, "older", T)),
        inbound(TestEvents.inbound(from, "oldest", T.minusSeconds(60))));

    await().atMost(WAIT).until(() -> activities(from) == 3);
    assertEquals(T.plusSeconds(60), lastContacted(from));
  }

  @Test
  void aPoisonRecordIsDeadLetteredAloneAndTheRestOfItsBatchIsApplied() {
    String from = TestEvents.newNumber();
    String poison = "{\"this is\": not json " + UUID.randomUUID();
    String noSenderSid = TestEvents.newSid();
    InboundMessageReceivedEvent noSender =
        TestEvents.inbound("not-a-number", noSenderSid, T, "hi", KeywordKind.NONE);
    InboundMessageReceivedEvent before = TestEvents.inbound(from, "before the poison", T);
    InboundMessageReceivedEvent after =
        TestEvents.inbound(
            from, TestEvents.newSid(), T.plusSeconds(1), "STOP", KeywordKind.OPT_OUT);

    burst(
        inbound(before),
        new Record(Topics.INBOUND, from, poison),
        new Record(Topics.INBOUND, from, TestEvents.json(noSender)),
        inbound(after));

    List<ConsumerRecord<String, String>> dead =
        TestKafka.read(
            Topics.dlq(Topics.INBOUND),
            r -> poison.equals(r.value()) || (r.value() != null && r.value().contains(noSenderSid)),
            2,
            WAIT);
    assertEquals(2, dead.size(), "both bad records, and only they, on the DLQ");
    for (ConsumerRecord<String, String> r : dead) {
      String reason =
          new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
      assertTrue(!reason.isEmpty(), "a reason");
    }
    await().atMost(WAIT).until(() -> activities(from) == 3);
    assertEquals(1, activitiesOf(before.messageSid()));
    assertTrue(
        rows(pool, "select sms_opted_out from contacts where phone_e164 = $1", from)
            .get(0)
            .getBoolean(0),
        "the STOP after the poison is applied");
    assertEquals(
        List.of(),
        TestEvents.readToEnd(
            Topics.dlq(Topics.INBOUND),
            r -> r.value() != null && r.value().contains(before.messageSid())),
        "the valid ones are not dead-lettered");
  }

  @Test
  void aTextTheDatabaseRefusesIsSalvagedAloneAndTheRestOfItsBatchIsStoredWhole() {
    String from = TestEvents.newNumber();
    String marker = "batch-refuse-me";
    InboundMessageReceivedEvent first = TestEvents.inbound(from, "first", T);
    InboundMessageReceivedEvent refused =
        TestEvents.inbound(
            from, TestEvents.newSid(), T.plusSeconds(1), "STOP " + marker, KeywordKind.OPT_OUT);
    InboundMessageReceivedEvent last = TestEvents.inbound(from, "last", T.plusSeconds(2));
    double before = dataErrors();
    rows(
        pool,
        "alter table contact_activities add constraint batch_test_refused check"
            + " (summary not like '%"
            + marker
            + "%') not valid");
    try {
      burst(inbound(first), inbound(refused), inbound(last));

      await().atMost(WAIT).until(() -> activities(from) == 4);
    } finally {
      rows(pool, "alter table contact_activities drop constraint batch_test_refused");
    }
    Map<String, String> summaries = new java.util.TreeMap<>();
    rows(
            pool,
            "select a.dedupe_key, a.summary from contact_activities a join contacts c"
                + " on c.id = a.contact_id where c.phone_e164 = $1",
            from)
        .forEach(r -> summaries.put(r.getString(0), r.getString(1)));
    assertEquals(
        Map.of(
            "inbound:" + first.messageSid() + ":received", "first",
            "inbound:" + refused.messageSid() + ":received", "(the text could not be stored)",
            "inbound:" + refused.messageSid() + ":sms_opted_out", "Opted out of SMS",
            "inbound:" + last.messageSid() + ":received", "last"),
        summaries);
    assertTrue(
        rows(pool, "select sms_opted_out from contacts where phone_e164 = $1", from)
            .get(0)
            .getBoolean(0),
        "the refused STOP still opts out");
    assertEquals(T.plusSeconds(2), lastContacted(from));
    assertEquals(before + 1, dataErrors(), "only the refused text counts as a data error");
    assertEquals(
        List.of(),
        TestEvents.readToEnd(
            Topics.dlq(Topics.INBOUND), r -> r.value() != null && r.value().contains(from)),
        "nothing dead-lettered");
  }

  @Test
  void outOfOrderAndRepeatedStatusesOfOneMessageAreEachKeptOnce() {
    String phone = TestEvents.newNumber();
    String id = createContact(phone);
    UUID message = UUID.randomUUID();
    OutboundMessageEvent sent =
        TestEvents.outbound(message, UUID.fromString(id), phone, MessageStatus.SENT, T);
    OutboundMessageEvent delivered =
        TestEvents.outbound(
            message, UUID.fromString(id), phone, MessageStatus.DELIVERED, T.plusSeconds(5));
    OutboundMessageEvent unsubscribed =
        TestEvents.withError(
            TestEvents.outbound(
                UUID.randomUUID(),
                UUID.fromString(id),
                phone,
                MessageStatus.FAILED,
                T.plusSeconds(30)),
            21610,
            "Unsubscribed recipient");

    burst(
        outbound(delivered),
        outbound(sent),
        outbound(delivered),
        outbound(unsubscribed),
        outbound(sent));

    await()
        .atMost(WAIT)
        .until(
            () ->
                count(
                        pool,
                        "select count(*) from contact_activities where contact_id = $1::uuid"
                            + " and kind like 'sms%'",
                        id)
                    == 3);
    Map<String, Object> statuses = new java.util.TreeMap<>();
    rows(
            pool,
            "select status, count(*) from contact_activities where message_id = $1 group by status",
            message)
        .forEach(r -> statuses.put(r.getString(0), r.getLong(1)));
    assertEquals(Map.of("delivered", 1L, "sent", 1L), statuses);
    // The delivered event's send time (3 s after the sent event's) is the latest send.
    given()
        .get("/api/contacts/{id}", id)
        .then()
        .body("lastContactedAt", org.hamcrest.Matchers.equalTo("2026-11-30T10:00:03Z"))
        .body("smsOptedOut", org.hamcrest.Matchers.equalTo(true));
  }

  /** One record to publish. */
  record Record(String topic, String key, String value) {}

  private static Record inbound(InboundMessageReceivedEvent event) {
    return new Record(Topics.INBOUND, event.from(), TestEvents.json(event));
  }

  private static Record outbound(OutboundMessageEvent event) {
    return new Record(Topics.OUTBOUND, event.to(), TestEvents.json(event));
  }

  /** Publishes the records at once (one key: one partition, in this order) and waits for acks. */
  static void burst(Record... records) {
    List<Future<?>> sent = new ArrayList<>();
    for (Record r : records) {
      sent.add(TestEvents.sendAsync(r.topic(), r.key(), r.value()));
    }
    for (Future<?> f : sent) {
      try {
        f.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("could not publish", e);
      }
    }
  }

  private String createContact(String phone) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("firstName", "Batch", "lastName", "Ed", "phone", phone))
        .post("/api/contacts")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private Instant lastContacted(String phoneE164) {
    return rows(pool, "select last_contacted_at from contacts where phone_e164 = $1", phoneE164)
        .get(0)
        .getOffsetDateTime(0)
        .toInstant();
  }

  private long activities(String phoneE164) {
    return count(
        pool,
        "select count(*) from contact_activities a join contacts c on c.id = a.contact_id"
            + " where c.phone_e164 = $1",
        phoneE164);
  }

  private long activitiesOf(String sid) {
    return count(
        pool,
        "select count(*) from contact_activities where message_sid = $1 and kind = 'sms_received'",
        sid);
  }

  private double dataErrors() {
    Counter counter =
        registry
            .find(ConsumerStorage.DATA_ERRORS)
            .tag("channel", "sms-inbound")
            .tag("sqlstate", "23514")
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private long contacts(String phoneE164) {
    return count(pool, "select count(*) from contacts where phone_e164 = $1", phoneE164);
  }
}
