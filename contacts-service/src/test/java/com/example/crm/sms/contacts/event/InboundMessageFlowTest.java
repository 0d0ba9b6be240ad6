package com.example.crm.sms.contacts.event;

import static com.example.crm.sms.contacts.TestDatabase.count;
import static com.example.crm.sms.contacts.TestDatabase.rows;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.contacts.TestEvents;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class InboundMessageFlowTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject Pool pool;

  @Test
  void unknownNumberBecomesOneProspectNamedByItsFormattedNumber() {
    String from = TestEvents.newNumber();
    Instant at = Instant.parse("2026-11-25T09:15:30.123Z");
    InboundMessageReceivedEvent event =
        TestEvents.inbound(from, "Is the 3pm viewing still on?", at);

    TestEvents.publish(event);

    await().atMost(WAIT).until(() -> activities(from) == 1);
    assertEquals(1, contacts(from));
    String national = "(239) 426-" + from.substring(8);
    given()
        .get("/api/contacts/by-phone/{phone}", from)
        .then()
        .statusCode(200)
        .body("type", equalTo("prospect"))
        .body("source", equalTo("sms_inbound"))
        .body("displayName", equalTo(national))
        .body("phoneDisplay", equalTo(national))
        .body("phoneE164", equalTo(from))
        .body("smsOptedOut", equalTo(false))
        .body("lastContactedAt", equalTo("2026-11-25T09:15:30.123Z"));
    String id = given().get("/api/contacts/by-phone/{phone}", from).then().extract().path("id");
    given()
        .get("/api/contacts/{id}/activities", id)
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items[0].kind", equalTo("sms_received"))
        .body("items[0].summary", equalTo("Is the 3pm viewing still on?"))
        .body("items[0].messageSid", equalTo(event.messageSid()));
  }

  @Test
  void sameEventTwiceMakesOneActivity() {
    String from = TestEvents.newNumber();
    InboundMessageReceivedEvent event = TestEvents.inbound(from, "hello", Instant.now());
    String marker = TestEvents.newNumber();

    TestEvents.publish(event);
    TestEvents.publish(event);
    // A later record with the same key (same partition) tells us both copies were consumed.
    TestEvents.send(
        Topics.INBOUND, from, TestEvents.json(TestEvents.inbound(from, "marker", Instant.now())));

    await().atMost(WAIT).until(() -> activities(from) == 2);
    assertEquals(
        1,
        count(
            pool,
            "select count(*) from contact_activities where message_sid = $1",
            event.messageSid()));
    assertEquals(1, contacts(from));
    assertEquals(0, contacts(marker));
  }

  @Test
  void fiftyConcurrentFirstMessagesFromOneNewNumberMakeOneContact() throws Exception {
    String from = TestEvents.newNumber();
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<Future<?>> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      InboundMessageReceivedEvent event = TestEvents.inbound(from, "msg " + i, at.plusMillis(i));
      // Keys spread over every partition so the service's concurrent consumers race for the
      // number (the ingest service keys by sender, which would serialise them).
      sent.add(
          TestEvents.sendAsync(
              Topics.INBOUND, UUID.randomUUID().toString(), TestEvents.json(event)));
    }
    for (Future<?> f : sent) {
      f.get();
    }

    await().atMost(WAIT).until(() -> activities(from) == 50);
    assertEquals(1, contacts(from));
    Row contact =
        rows(pool, "select last_contacted_at from contacts where phone_e164 = $1", from).get(0);
    assertEquals(at.plusMillis(49), contact.getOffsetDateTime(0).toInstant());
  }

  @Test
  void lateEventDoesNotMoveLastContactedAtBack() {
    String from = TestEvents.newNumber();
    Instant newer = Instant.parse("2026-11-25T10:00:00Z");
    Instant older = Instant.parse("2026-11-25T09:00:00Z");

    TestEvents.publish(TestEvents.inbound(from, "second", newer));
    TestEvents.publish(TestEvents.inbound(from, "first, delivered late", older));

    await().atMost(WAIT).until(() -> activities(from) == 2);
    given()
        .get("/api/contacts/by-phone/{phone}", from)
        .then()
        .body("lastContactedAt", equalTo("2026-11-25T10:00:00Z"));
  }

  @Test
  void optOutAndOptInKeywordsSetTheStateAndAddActivities() {
    String from = TestEvents.newNumber();
    Instant t = Instant.parse("2026-11-25T09:00:00Z");

    TestEvents.publish(
        TestEvents.inbound(from, TestEvents.newSid(), t, "STOP", KeywordKind.OPT_OUT));
    await().atMost(WAIT).until(() -> activities(from) == 2);
    given().get("/api/contacts/by-phone/{phone}", from).then().body("smsOptedOut", equalTo(true));

    TestEvents.publish(
        TestEvents.inbound(
            from, TestEvents.newSid(), t.plusSeconds(60), "START", KeywordKind.OPT_IN));
    await().atMost(WAIT).until(() -> activities(from) == 4);
    given().get("/api/contacts/by-phone/{phone}", from).then().body("smsOptedOut", equalTo(false));
    String id = given().get("/api/contacts/by-phone/{phone}", from).then().extract().path("id");
    given()
        .get("/api/contacts/{id}/activities", id)
        .then()
        .body("items.kind[0]", org.hamcrest.Matchers.oneOf("sms_opted_in", "sms_received"))
        .body(
            "items.kind",
            org.hamcrest.Matchers.containsInAnyOrder(
                "sms_received", "sms_opted_out", "sms_received", "sms_opted_in"));

    // An older STOP delivered again (a replay) does not override the newer START.
    TestEvents.publish(
        TestEvents.inbound(
            from, TestEvents.newSid(), t.minusSeconds(60), "STOP", KeywordKind.OPT_OUT));
    await().atMost(WAIT).until(() -> activities(from) == 6);
    given().get("/api/contacts/by-phone/{phone}", from).then().body("smsOptedOut", equalTo(false));
  }

  @Test
  void unreadableRecordGoesToTheDeadLetterTopicAndTheNextRecordIsApplied() {
    String from = TestEvents.newNumber();
    String poison = "{\"this is\": not json " + UUID.randomUUID();

    TestEvents.send(Topics.INBOUND, from, poison);
    TestEvents.publish(TestEvents.inbound(from, "after the poison", Instant.now()));

    List<ConsumerRecord<String, String>> dead =
        TestKafka.read(Topics.dlq(Topics.INBOUND), r -> poison.equals(r.value()), 1, WAIT);
    assertEquals(1, dead.size(), "the unreadable record, unchanged, on the DLQ");
    Header reason = dead.get(0).headers().lastHeader("dead-letter-reason");
    assertTrue(reason != null && new String(reason.value(), StandardCharsets.UTF_8).length() > 0);
    await().atMost(WAIT).until(() -> activities(from) == 1);
  }

  @Test
  void eventWithoutAValidSenderGoesToTheDeadLetterTopicAndChangesNothing() {
    String sid = TestEvents.newSid();
    InboundMessageReceivedEvent bad =
        TestEvents.inbound("not-a-number", sid, Instant.now(), "hi", KeywordKind.NONE);

    TestEvents.send(Topics.INBOUND, "not-a-number", TestEvents.json(bad));

    List<ConsumerRecord<String, String>> dead =
        TestKafka.read(
            Topics.dlq(Topics.INBOUND), r -> r.value() != null && r.value().contains(sid), 1, WAIT);
    assertEquals(1, dead.size());
    String reason =
        new String(
            dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    assertTrue(reason.contains("from"), reason);
    assertFalse(
        count(pool, "select count(*) from contact_activities where message_sid = $1", sid) > 0);
  }

  private long activities(String phoneE164) {
    return count(
        pool,
        "select count(*) from contact_activities a join contacts c on c.id = a.contact_id"
            + " where c.phone_e164 = $1",
        phoneE164);
  }

  private long contacts(String phoneE164) {
    return count(pool, "select count(*) from contacts where phone_e164 = $1", phoneE164);
  }
}
