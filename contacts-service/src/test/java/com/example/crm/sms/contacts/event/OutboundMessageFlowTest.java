package com.example.crm.sms.contacts.event;

import static com.example.crm.sms.contacts.TestDatabase.count;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.contacts.SignedIn;
import com.example.crm.sms.contacts.TestEvents;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class OutboundMessageFlowTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject Pool pool;

  @Test
  void sentEventUpdatesLastContactedAtAndAddsOneActivity() {
    String phone = TestEvents.newNumber();
    String id = createContact(phone);
    UUID messageId = UUID.randomUUID();
    Instant sentAt = Instant.parse("2026-11-25T09:15:59Z");

    TestEvents.publish(
        TestEvents.outbound(
            messageId, UUID.fromString(id), phone, MessageStatus.QUEUED, sentAt.minusSeconds(1)));
    TestEvents.publish(
        TestEvents.outbound(messageId, UUID.fromString(id), phone, MessageStatus.SENT, sentAt));
    TestEvents.publish(
        TestEvents.outbound(messageId, UUID.fromString(id), phone, MessageStatus.SENT, sentAt));

    await().atMost(WAIT).until(() -> activities(id) == 1);
    given()
        .get("/api/contacts/{id}", id)
        .then()
        .body("lastContactedAt", equalTo("2026-11-25T09:15:59Z"));
    // Newest first: the contact was created (by the tests' admin) after the text was sent.
    given()
        .get("/api/contacts/{id}/activities", id)
        .then()
        .body("items.kind", contains("contact_created", "sms_sent"))
        .body("items[0].actor.subject", equalTo(SignedIn.ADMIN_SUBJECT))
        .body("items[1].messageId", equalTo(messageId.toString()))
        .body("items[1].summary", equalTo("Yes, see you at 3pm!"))
        .body("items[1].actor", nullValue());
  }

  @Test
  void deliveredAndFailedAreOneActivityEachPerMessageAndStatus() {
    String phone = TestEvents.newNumber();
    String id = createContact(phone);
    UUID delivered = UUID.randomUUID();
    UUID failed = UUID.randomUUID();
    Instant t = Instant.parse("2026-11-25T11:00:00Z");

    for (int i = 0; i < 2; i++) {
      TestEvents.publish(TestEvents.outbound(delivered, null, phone, MessageStatus.SENT, t));
      TestEvents.publish(
          TestEvents.outbound(delivered, null, phone, MessageStatus.DELIVERED, t.plusSeconds(2)));
      TestEvents.publish(
          TestEvents.outbound(failed, null, phone, MessageStatus.FAILED, t.plusSeconds(3)));
    }

    await().atMost(WAIT).until(() -> activities(id) == 3);
    given()
        .get("/api/contacts/{id}/activities", id)
        .then()
        .body("items.kind", contains("contact_created", "sms_failed", "sms_delivered", "sms_sent"))
        .body("items[1].status", equalTo("failed"))
        .body("items[1].errorCode", equalTo(30006))
        .body("items[1].errorMessage", equalTo("Landline or unreachable carrier"))
        .body("items[1].summary", startsWith("Failed (30006 Landline or unreachable carrier)"));
    // A failure is no contact made: last_contacted_at is the send time.
    given()
        .get("/api/contacts/{id}", id)
        .then()
        .body("lastContactedAt", equalTo("2026-11-25T11:00:00Z"));
  }

  @Test
  void failureBecauseTheRecipientUnsubscribedMarksTheContactOptedOut() {
    String phone = TestEvents.newNumber();
    String id = createContact(phone);

    TestEvents.publish(
        TestEvents.withError(
            TestEvents.outbound(
                UUID.randomUUID(), null, phone, MessageStatus.FAILED, Instant.now()),
            21610,
            "Attempt to send to unsubscribed recipient"));

    await().atMost(WAIT).until(() -> activities(id) == 1);
    given()
        .get("/api/contacts/{id}", id)
        .then()
        .body("smsOptedOut", equalTo(true))
        .body("lastContactedAt", nullValue());
  }

  @Test
  void lateSentEventDoesNotMoveLastContactedAtBack() {
    String phone = TestEvents.newNumber();
    String id = createContact(phone);
    Instant newer = Instant.parse("2026-11-25T12:00:00Z");

    TestEvents.publish(
        TestEvents.outbound(UUID.randomUUID(), null, phone, MessageStatus.SENT, newer));
    TestEvents.publish(
        TestEvents.outbound(
            UUID.randomUUID(), null, phone, MessageStatus.SENT, newer.minusSeconds(3600)));

    await().atMost(WAIT).until(() -> activities(id) == 2);
    given()
        .get("/api/contacts/{id}", id)
        .then()
        .body("lastContactedAt", equalTo("2026-11-25T12:00:00Z"));
  }

  @Test
  void textToANumberThatIsNoContactCreatesNothing() {
    String phone = TestEvents.newNumber();
    String marker = TestEvents.newNumber();
    String markerId = createContact(marker);

    TestEvents.publish(
        TestEvents.outbound(UUID.randomUUID(), null, phone, MessageStatus.SENT, Instant.now()));
    // Same key, same partition: once the marker's event is applied, the first one was consumed.
    TestEvents.send(
        Topics.OUTBOUND,
        phone,
        TestEvents.json(
            TestEvents.outbound(
                UUID.randomUUID(),
                UUID.fromString(markerId),
                marker,
                MessageStatus.SENT,
                Instant.now())));

    await().atMost(WAIT).until(() -> activities(markerId) == 1);
    assertEquals(0, count(pool, "select count(*) from contacts where phone_e164 = $1", phone));
    given().get("/api/contacts/by-phone/{phone}", phone).then().statusCode(404);
  }

  @Test
  void contactIdWinsOverTheNumber() {
    String phone = TestEvents.newNumber();
    String id = createContact(phone);
    String other = createContact(TestEvents.newNumber());

    TestEvents.publish(
        TestEvents.outbound(
            UUID.randomUUID(), UUID.fromString(other), phone, MessageStatus.SENT, Instant.now()));

    await().atMost(WAIT).until(() -> activities(other) == 1);
    assertEquals(0, activities(id));
    given().get("/api/contacts/{id}", id).then().body("lastContactedAt", nullValue());
  }

  @Test
  void unreadableOutboundRecordGoesToTheDeadLetterTopicAndTheNextIsApplied() {
    String phone = TestEvents.newNumber();
    String id = createContact(phone);
    String poison = "{\"status\": \"no-such-status\", \"marker\": \"" + UUID.randomUUID() + "\"}";

    TestEvents.send(Topics.OUTBOUND, phone, poison);
    TestEvents.publish(
        TestEvents.outbound(UUID.randomUUID(), null, phone, MessageStatus.SENT, Instant.now()));

    assertEquals(
        1,
        TestKafka.read(Topics.dlq(Topics.OUTBOUND), r -> poison.equals(r.value()), 1, WAIT).size());
    await().atMost(WAIT).until(() -> activities(id) == 1);
  }

  private String createContact(String phone) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("firstName", "Out", "lastName", "Bound", "phone", phone))
        .post("/api/contacts")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** The contact's SMS activities (not the "Created by" of its creation through the API). */
  private long activities(String contactId) {
    return count(
        pool,
        "select count(*) from contact_activities where contact_id = $1 and kind like 'sms%'",
        UUID.fromString(contactId));
  }
}
