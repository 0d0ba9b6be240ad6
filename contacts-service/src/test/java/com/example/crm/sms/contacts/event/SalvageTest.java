package com.example.crm.sms.contacts.event;

import static com.example.crm.sms.contacts.TestDatabase.count;
import static com.example.crm.sms.contacts.TestDatabase.rows;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.common.db.ConsumerStorage;
import com.example.crm.sms.contacts.TestEvents;
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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A change the database refuses as data (here: a CHECK constraint the test adds, SQLSTATE 23514) is
 * a bug, never a lost text or opt-out: it is counted in sms_consumer_data_errors_total and the
 * salvage keeps the contact, its opt-out and last contact, and the activities without their text.
 * Only when even that is refused is the event dead-lettered, with the reason.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class SalvageTest {

  /** Metrics are on the management interface. */
  @TestHTTPResource(value = "/", management = true)
  URI management;

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String MARKER = "refuse-me";

  @Inject Pool pool;
  @Inject MeterRegistry registry;

  @Test
  void aTextTheDatabaseRefusesKeepsItsContactOptOutAndLastContactAndIsCounted() {
    String from = TestEvents.newNumber();
    Instant at = Instant.parse("2026-11-26T08:30:00Z");
    double before = dataErrors("sms-inbound", "23514");
    refuseActivitiesMentioning(MARKER);
    try {
      TestEvents.publish(
          TestEvents.inbound(from, TestEvents.newSid(), at, "STOP " + MARKER, KeywordKind.OPT_OUT));

      await().atMost(WAIT).until(() -> activities(from) == 2);
    } finally {
      rows(pool, "alter table contact_activities drop constraint salvage_test_refused");
    }
    Row contact =
        rows(
                pool,
                "select sms_opted_out, last_contacted_at from contacts where phone_e164 = $1",
                from)
            .get(0);
    assertTrue(contact.getBoolean(0), "the opt-out is kept");
    assertEquals(at, contact.getOffsetDateTime(1).toInstant(), "and the last contact");
    assertEquals(
        Map.of(
            "sms_received", "(the text could not be stored)", "sms_opted_out", "Opted out of SMS"),
        summaries(from));
    assertEquals(before + 1, dataErrors("sms-inbound", "23514"), "counted");
    given()
        .get(management.resolve("/q/metrics"))
        .then()
        .body(
            containsString(
                "sms_consumer_data_errors_total{channel=\"sms-inbound\",sqlstate=\"23514\"}"));
    assertEquals(List.of(), deadLetteredNow(Topics.INBOUND, from));
  }

  @Test
  void anOutboundFailureTheDatabaseRefusesStillOptsTheRecipientOut() {
    String phone = TestEvents.newNumber();
    UUID contactId =
        UUID.fromString(
            given()
                .contentType(ContentType.JSON)
                .body(Map.of("firstName", "Salvaged", "phone", phone))
                .post("/api/contacts")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    double before = dataErrors("sms-outbound", "23514");
    OutboundMessageEvent failed =
        TestEvents.withError(
            TestEvents.outbound(
                UUID.randomUUID(), contactId, phone, MessageStatus.FAILED, Instant.now()),
            21610,
            "Unsubscribed recipient " + MARKER);
    refuseActivitiesMentioning(MARKER);
    try {
      TestEvents.publish(failed);

      await().atMost(WAIT).until(() -> activities(phone) == 1);
    } finally {
      rows(pool, "alter table contact_activities drop constraint salvage_test_refused");
    }
    assertTrue(
        rows(pool, "select sms_opted_out from contacts where id = $1", contactId)
            .get(0)
            .getBoolean(0),
        "error 21610 still opts the recipient out");
    Row activity =
        rows(
                pool,
                "select summary, error_code, error_message from contact_activities"
                    + " where message_id = $1",
                failed.messageId())
            .get(0);
    assertEquals("Failed (21610): (the text could not be stored)", activity.getString(0));
    assertEquals(21610, activity.getInteger(1));
    assertEquals(null, activity.getString(2));
    assertEquals(before + 1, dataErrors("sms-outbound", "23514"), "counted");
    assertEquals(List.of(), deadLetteredNow(Topics.OUTBOUND, phone));
  }

  @Test
  void aTextWhoseContactTheDatabaseRefusesTooIsDeadLetteredWithTheReason() {
    String from = TestEvents.newNumber();
    String sid = TestEvents.newSid();
    double before = dataErrors("sms-inbound", "23514");
    rows(
        pool,
        "alter table contacts add constraint salvage_test_refused check (phone_e164 <> '"
            + from
            + "') not valid");
    List<ConsumerRecord<String, String>> dead;
    try {
      TestEvents.publish(TestEvents.inbound(from, sid, Instant.now(), "hello", KeywordKind.NONE));

      dead = deadLettered(Topics.INBOUND, sid, WAIT);
    } finally {
      rows(pool, "alter table contacts drop constraint salvage_test_refused");
    }
    assertEquals(1, dead.size(), "dead-lettered");
    // The read-to-end the other cases assert "none" with sees it too.
    assertEquals(1, deadLetteredNow(Topics.INBOUND, sid).size(), "dead-lettered once");
    String reason =
        new String(
            dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    assertTrue(reason.contains("refused even in part"), reason);
    assertTrue(reason.contains(sid), "the reason names the message: " + reason);
    assertEquals(0, count(pool, "select count(*) from contacts where phone_e164 = $1", from));
    assertEquals(before + 1, dataErrors("sms-inbound", "23514"), "counted");
  }

  /** Not validated against the rows already there: only what the test sends is refused. */
  private void refuseActivitiesMentioning(String marker) {
    rows(
        pool,
        "alter table contact_activities add constraint salvage_test_refused check"
            + " (summary not like '%"
            + marker
            + "%' and error_message not like '%"
            + marker
            + "%') not valid");
  }

  private double dataErrors(String channel, String sqlState) {
    Counter counter =
        registry
            .find(ConsumerStorage.DATA_ERRORS)
            .tag("channel", channel)
            .tag("sqlstate", sqlState)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private Map<String, String> summaries(String phoneE164) {
    return rows(
            pool,
            "select a.kind, a.summary from contact_activities a join contacts c"
                + " on c.id = a.contact_id where c.phone_e164 = $1",
            phoneE164)
        .stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
  }

  private static List<ConsumerRecord<String, String>> deadLettered(
      String topic, String marker, Duration wait) {
    return TestKafka.read(
        Topics.dlq(topic),
        r -> marker.equals(r.key()) || (r.value() != null && r.value().contains(marker)),
        1,
        wait);
  }

  private static List<ConsumerRecord<String, String>> deadLetteredNow(String topic, String marker) {
    return TestEvents.readToEnd(
        Topics.dlq(topic),
        r -> marker.equals(r.key()) || (r.value() != null && r.value().contains(marker)));
  }

  /** The SMS activities of the number's contact (not the "Created by" of an API-made one). */
  private long activities(String phoneE164) {
    return count(
        pool,
        "select count(*) from contact_activities a join contacts c on c.id = a.contact_id"
            + " where c.phone_e164 = $1 and a.kind like 'sms%'",
        phoneE164);
  }
}
