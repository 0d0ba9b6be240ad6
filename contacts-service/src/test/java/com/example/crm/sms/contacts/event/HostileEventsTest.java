package com.example.crm.sms.contacts.event;

import static com.example.crm.sms.contacts.TestDatabase.count;
import static com.example.crm.sms.contacts.TestDatabase.rows;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.contacts.TestEvents;
import com.example.crm.sms.events.EventJson;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.OutboundMessageEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rules 1 and 12 through the real broker: an acknowledged text is never dead-lettered for what it
 * contains. Controls, lone surrogates (raw JSON escapes, as a producer may write them), long emoji
 * texts, empty texts, absurdly long addresses and SIDs, and times no database holds are all stored,
 * cleaned, on one contact per number with one activity per text.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class HostileEventsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String EMOJI = "\uD83D\uDE00";

  @Inject Pool pool;

  @Test
  void everyHostileBodyIsStoredCleanedAsOneActivityOnOneContact() {
    String from = TestEvents.newNumber();
    // Body as it stands in the JSON (escapes included) -> the summary the timeline shows.
    Map<String, String> bodies = new LinkedHashMap<>();
    for (int c = 0; c < 0x20; c++) {
      boolean whiteSpace = c == '\t' || c == '\n' || c == '\r';
      bodies.put(String.format("a\\u%04xb", c), whiteSpace ? "a b" : "ab");
    }
    bodies.put("x\\ud800y", "x\uFFFDy");
    bodies.put("\\udc00", "\uFFFD");
    bodies.put("ends high \\ud83d", "ends high \uFFFD");
    bodies.put("\\ude00\\ud83d reversed pair", "\uFFFD\uFFFD reversed pair");
    bodies.put(EMOJI.repeat(1600), EMOJI.repeat(159) + "…");
    bodies.put("", "");
    bodies.put("  \\t\\n\\r  ", "");
    bodies.put("\\u0000\\u0000", "");
    Map<String, String> sids = new LinkedHashMap<>();
    for (Map.Entry<String, String> body : bodies.entrySet()) {
      String sid = TestEvents.newSid();
      sids.put(sid, body.getValue());
      TestEvents.send(Topics.INBOUND, from, inbound(from, sid, body.getKey(), KeywordKind.NONE));
    }

    await().atMost(WAIT).until(() -> activities(from) == bodies.size());
    assertEquals(1, contacts(from), "one contact for the number");
    sids.forEach(
        (sid, summary) ->
            assertEquals(
                summary,
                rows(pool, "select summary from contact_activities where message_sid = $1", sid)
                    .get(0)
                    .getString(0),
                "the summary of " + sid));
    assertNothingDeadLettered(from);
  }

  @Test
  void stopWithANulStillOptsTheNumberOut() {
    String from = TestEvents.newNumber();
    String sid = TestEvents.newSid();

    TestEvents.send(Topics.INBOUND, from, inbound(from, sid, "STOP\\u0000", KeywordKind.OPT_OUT));

    await().atMost(WAIT).until(() -> activities(from) == 2);
    given().get("/api/contacts/by-phone/{p}", from).then().statusCode(200);
    Row contact =
        rows(pool, "select sms_opted_out from contacts where phone_e164 = $1", from).get(0);
    assertTrue(contact.getBoolean(0), "opted out");
    Map<String, String> summaries = new LinkedHashMap<>();
    rows(pool, "select kind, summary from contact_activities where message_sid = $1", sid)
        .forEach(r -> summaries.put(r.getString(0), r.getString(1)));
    assertEquals(
        Map.of("sms_received", "STOP", "sms_opted_out", "Opted out of SMS (replied \"STOP\")"),
        summaries);
    assertNothingDeadLettered(from);
  }

  @Test
  void absurdlyLongAddressesAndSidsAreStoredOnTheSendersContact() {
    String from = TestEvents.newNumber();
    String longSid = "SM" + "x".repeat(4998);
    String sameStart = longSid.substring(0, 64) + "y".repeat(4936);
    String sid = TestEvents.newSid();

    ObjectNode padded = event(from, sid, "padded addresses", KeywordKind.NONE);
    padded.put("from", "\u0000".repeat(2500) + from + " ".repeat(2500));
    padded.put("fromRaw", "f".repeat(5000));
    padded.put("to", "+1" + "5".repeat(4998));
    padded.put("toRaw", "t".repeat(5000));
    TestEvents.send(Topics.INBOUND, from, padded.toString());
    for (String s : List.of(longSid, longSid, sameStart)) {
      TestEvents.send(
          Topics.INBOUND, from, event(from, s, "long sid", KeywordKind.NONE).toString());
    }

    await().atMost(WAIT).until(() -> activities(from) == 3);
    assertEquals(1, contacts(from));
    assertEquals(
        1, count(pool, "select count(*) from contact_activities where message_sid = $1", sid));
    List<Row> longOnes =
        rows(
            pool,
            "select message_sid, dedupe_key from contact_activities a join contacts c"
                + " on c.id = a.contact_id where c.phone_e164 = $1 and message_sid <> $2",
            from,
            sid);
    assertEquals(2, longOnes.size(), "the repeat is one activity, the other SID another");
    for (Row r : longOnes) {
      assertEquals(64, r.getString(0).codePointCount(0, r.getString(0).length()));
      assertTrue(r.getString(0).endsWith("…"));
      assertTrue(r.getString(1).startsWith("inbound:sha256:"), r.getString(1));
    }
    assertNothingDeadLettered(from);
  }

  @Test
  void aTimeNoDatabaseCanHoldIsStoredAsTheTimeItWasApplied() {
    String from = TestEvents.newNumber();
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode event = event(from, TestEvents.newSid(), "from the far future", KeywordKind.NONE);
    event.put("occurredAt", "+999999-01-01T00:00:00Z");

    TestEvents.send(Topics.INBOUND, from, event.toString());

    await().atMost(WAIT).until(() -> activities(from) == 1);
    Instant stored =
        rows(
                pool,
                "select a.occurred_at from contact_activities a join contacts c"
                    + " on c.id = a.contact_id where c.phone_e164 = $1",
                from)
            .get(0)
            .getOffsetDateTime(0)
            .toInstant();
    assertFalse(stored.isBefore(before), stored + " is the time it was stored");
    assertFalse(stored.isAfter(Instant.now()), stored + " is the time it was stored");
    assertNothingDeadLettered(from);
  }

  @Test
  void hostileOutboundTextIsStoredCleanedOnTheContact() {
    String phone = TestEvents.newNumber();
    UUID contactId =
        UUID.fromString(
            given()
                .contentType(ContentType.JSON)
                .body(Map.of("firstName", "Hostile", "phone", phone))
                .post("/api/contacts")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    Instant t = Instant.parse("2026-11-25T12:00:00Z");
    UUID failed = UUID.randomUUID();
    ObjectNode failure =
        outbound(TestEvents.outbound(failed, contactId, phone, MessageStatus.FAILED, t));
    failure.put("to", "9".repeat(5000));
    failure.put("messageSid", "SM" + "z".repeat(4998));
    failure.put("body", "@@BODY@@");
    failure.put("errorMessage", "Carrier\u0007 said " + "e".repeat(5000));
    TestEvents.send(
        Topics.OUTBOUND, phone, failure.toString().replace("@@BODY@@", "ok\\u0000 \\ud800 then"));
    ObjectNode sent =
        outbound(TestEvents.outbound(UUID.randomUUID(), contactId, phone, MessageStatus.SENT, t));
    sent.put("body", EMOJI.repeat(1600));
    TestEvents.send(Topics.OUTBOUND, phone, sent.toString());

    await()
        .atMost(WAIT)
        .until(
            () ->
                count(
                        pool,
                        "select count(*) from contact_activities where contact_id = $1"
                            + " and kind like 'sms%'",
                        contactId)
                    == 2);
    Row f =
        rows(
                pool,
                "select summary, error_message, message_sid from contact_activities"
                    + " where message_id = $1",
                failed)
            .get(0);
    assertEquals(
        "Failed (30006 Carrier said " + "e".repeat(106) + "…): ok \uFFFD then", f.getString(0));
    assertEquals(500, f.getString(1).length());
    assertTrue(f.getString(1).startsWith("Carrier said eee"), f.getString(1));
    assertEquals(64, f.getString(2).length());
    Row s =
        rows(
                pool,
                "select summary from contact_activities where contact_id = $1 and kind = 'sms_sent'",
                contactId)
            .get(0);
    assertEquals(EMOJI.repeat(159) + "…", s.getString(0));
    given()
        .get("/api/contacts/{id}", contactId)
        .then()
        .body("lastContactedAt", org.hamcrest.Matchers.equalTo("2026-11-25T12:00:00Z"));
    assertNothingDeadLettered(phone);
  }

  /**
   * An inbound event's JSON whose body is {@code escapedBody} exactly as written (escapes kept).
   */
  private static String inbound(String from, String sid, String escapedBody, KeywordKind keyword) {
    return event(from, sid, "@@BODY@@", keyword).toString().replace("@@BODY@@", escapedBody);
  }

  private static ObjectNode event(String from, String sid, String body, KeywordKind keyword) {
    try {
      return (ObjectNode)
          EventJson.mapper()
              .readTree(
                  TestEvents.json(TestEvents.inbound(from, sid, Instant.now(), body, keyword)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode outbound(OutboundMessageEvent event) {
    try {
      return (ObjectNode) EventJson.mapper().readTree(TestEvents.json(event));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Everything was stored above; this shows no copy went to a DLQ either. */
  private static void assertNothingDeadLettered(String number) {
    List<String> dead = new ArrayList<>();
    for (String topic : List.of(Topics.INBOUND, Topics.OUTBOUND)) {
      TestEvents.readToEnd(
              Topics.dlq(topic),
              r -> number.equals(r.key()) || (r.value() != null && r.value().contains(number)))
          .forEach(r -> dead.add(topic + ": " + r.value()));
    }
    assertEquals(List.of(), dead, "nothing dead-lettered");
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
