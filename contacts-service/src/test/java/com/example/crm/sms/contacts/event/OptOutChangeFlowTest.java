package com.example.crm.sms.contacts.event;

import static com.example.crm.sms.contacts.TestDatabase.count;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.contacts.TestContacts;
import com.example.crm.sms.contacts.TestEvents;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.OptOutChangedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Opt-outs lifted by hand in the gateway (sms.optout.v1, over the real broker): the contact may be
 * texted again, its timeline names the admin and their reason, once per event however often it is
 * delivered, and a late event never undoes a newer STOP.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class OptOutChangeFlowTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ADMIN = "admin-grace";
  private static final String ADMIN_NAME = "Grace Hopper";

  @Inject Pool pool;

  private static OptOutChangedEvent lift(String phone, Instant at, String reason) {
    return new OptOutChangedEvent(
        UUID.randomUUID(),
        OptOutChangedEvent.TYPE,
        at,
        OptOutChangedEvent.SCHEMA_VERSION,
        phone,
        false,
        ADMIN,
        ADMIN_NAME,
        reason);
  }

  private static void publish(OptOutChangedEvent event) {
    publish(event.phone(), event);
  }

  /** Under {@code key}: records of one key are consumed in order. */
  private static void publish(String key, OptOutChangedEvent event) {
    TestEvents.send(Topics.OPT_OUT, key, TestEvents.json(event));
  }

  private static void stop(String phone, Instant at) {
    TestEvents.publish(
        TestEvents.inbound(phone, TestEvents.newSid(), at, "STOP", KeywordKind.OPT_OUT));
  }

  private static String contactWith(String phone) {
    return TestContacts.create(Map.of("firstName", "Lifted", "phone", phone));
  }

  private static boolean optedOut(String id) {
    return given().get("/api/contacts/{id}", id).then().extract().path("smsOptedOut");
  }

  private static JsonPath timeline(String id) {
    return given()
        .get("/api/contacts/{id}/activities?size=50", id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private long entries(String id, String kind) {
    return count(
        pool,
        "select count(*) from contact_activities where contact_id = $1 and kind = $2",
        UUID.fromString(id),
        kind);
  }

  @Test
  void aLiftClearsTheOptOutAndAddsOneEntryNamingTheAdminAndTheReason() {
    String phone = TestEvents.newNumber();
    String id = contactWith(phone);
    Instant t = Instant.parse("2026-12-01T09:00:00Z");
    stop(phone, t);
    await().atMost(WAIT).until(() -> optedOut(id));

    publish(lift(phone, t.plusSeconds(60), "Asked by phone to get texts again"));

    await().atMost(WAIT).until(() -> !optedOut(id));
    JsonPath timeline = timeline(id);
    List<Map<String, Object>> items = timeline.getList("items");
    Map<String, Object> lifted =
        items.stream().filter(a -> "sms_opted_in".equals(a.get("kind"))).findFirst().orElseThrow();
    assertEquals("Asked by phone to get texts again", lifted.get("summary"));
    assertEquals(Map.of("subject", ADMIN, "name", ADMIN_NAME), lifted.get("actor"));
    assertEquals("2026-12-01T09:01:00Z", lifted.get("occurredAt"));
    assertEquals(1, entries(id, "sms_opted_in"));
    // The STOP keyword's entry names nobody: the contact did it, not a signed-in user.
    Map<String, Object> stopped =
        items.stream().filter(a -> "sms_opted_out".equals(a.get("kind"))).findFirst().orElseThrow();
    assertTrue(stopped.containsKey("actor"));
    assertNull(stopped.get("actor"));
  }

  @Test
  void aReplayAddsNothingAndALateLiftDoesNotUndoANewerStop() {
    String phone = TestEvents.newNumber();
    String id = contactWith(phone);
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    stop(phone, t);
    await().atMost(WAIT).until(() -> optedOut(id));
    OptOutChangedEvent first = lift(phone, t.plusSeconds(60), "Called the office");
    publish(first);
    await().atMost(WAIT).until(() -> !optedOut(id));

    // They text STOP again; then the first lift is delivered again, and a lift made before this
    // STOP arrives late. Both are on one key, so the late one is applied after the replay.
    stop(phone, t.plusSeconds(300));
    await().atMost(WAIT).until(() -> optedOut(id));
    publish(first);
    publish(lift(phone, t.plusSeconds(120), "Signed the paper form"));

    await().atMost(WAIT).until(() -> entries(id, "sms_opted_in") == 2);
    assertTrue(optedOut(id), "the newer STOP stands");
    assertEquals(
        1,
        count(
            pool,
            "select count(*) from contact_activities where dedupe_key like $1",
            "optout:" + first.eventId() + ":%"),
        "the replayed lift is one entry");
    given().get("/api/contacts/{id}", id).then().body("smsOptedOut", equalTo(true));
  }

  @Test
  void aLiftForANumberWithoutAContactCreatesNothing() {
    String known = TestEvents.newNumber();
    String id = contactWith(known);
    String unknown = TestEvents.newNumber();

    // Under the known number's key, so the marker after it is consumed after it.
    publish(known, lift(unknown, Instant.now(), "Nobody has this number"));
    publish(lift(known, Instant.now(), "Marker"));

    await().atMost(WAIT).until(() -> entries(id, "sms_opted_in") == 1);
    assertEquals(0, count(pool, "select count(*) from contacts where phone_e164 = $1", unknown));
    assertEquals(
        0,
        count(
            pool,
            "select count(*) from contact_activities where summary = $1",
            "Nobody has this number"));
  }

  @Test
  void unreadableRecordsGoToTheDeadLetterTopicAndTheNextIsApplied() {
    String phone = TestEvents.newNumber();
    String id = contactWith(phone);
    String poison = "{\"not json\": " + UUID.randomUUID();
    OptOutChangedEvent noNumber = lift("not-a-number", Instant.now(), "No number");

    TestEvents.send(Topics.OPT_OUT, phone, poison);
    publish(phone, noNumber);
    publish(lift(phone, Instant.now(), "After the poison"));

    List<ConsumerRecord<String, String>> dead =
        TestKafka.read(
            Topics.dlq(Topics.OPT_OUT),
            r ->
                r.value() != null
                    && (r.value().equals(poison)
                        || r.value().contains(noNumber.eventId().toString())),
            2,
            WAIT);
    assertEquals(2, dead.size(), "both unreadable records, on the DLQ: " + dead);
    ConsumerRecord<String, String> named =
        dead.stream().filter(r -> !r.value().equals(poison)).findFirst().orElseThrow();
    String reason =
        new String(
            named.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    assertTrue(reason.contains("phone"), reason);
    await().atMost(WAIT).until(() -> entries(id, "sms_opted_in") == 1);
  }
}
