package com.example.crm.sms.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.events.samples.SampleEvents;
import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.ApiLimitsProfile;
import com.example.crm.sms.gateway.support.Campaigns;
import com.example.crm.sms.gateway.support.Events;
import com.example.crm.sms.gateway.support.FakeTwilio;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Inbox;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The inbox API: order, unread counts per signed-in user, read markers, paging. Inbound texts come
 * over the real broker; nothing is dispatched (ApiLimitsProfile), so an outbound text stays queued.
 */
@QuarkusTest
@TestProfile(ApiLimitsProfile.class)
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class InboxApiTest {

  /** An hour ago: texts "received" then sort below anything sent during the test. */
  private static final Instant EARLIER = Instant.now().minus(1, ChronoUnit.HOURS);

  private static String viewer() {
    return Inbox.viewer("inbox-" + UUID.randomUUID());
  }

  private static void inbound(String phone, String body, Instant at) {
    TestKafka.sendEvent(
        Topics.INBOUND,
        phone,
        SampleEvents.inbound(Events.sid(), phone, FakeTwilio.FROM, body, KeywordKind.NONE, at));
  }

  /** {@code count} texts from {@code phone}, a second apart, stored; their ids newest first. */
  private static List<String> texts(String token, String phone, int count) {
    for (int i = 1; i <= count; i++) {
      inbound(phone, "Text " + i, EARLIER.plusSeconds(i));
    }
    Inbox.until(token, phone, c -> ((Number) c.get("inboundCount")).intValue() == count);
    return Inbox.messageIds(phone);
  }

  private static long unread(Map<String, Object> conversation) {
    return ((Number) conversation.get("unreadCount")).longValue();
  }

  @Test
  void newestActivityFirstInEitherDirectionTiesByPhoneDescending() {
    String token = viewer();
    String a = Numbers.fresh();
    String b = Numbers.fresh();
    String c = Numbers.fresh();
    String d = Numbers.fresh();
    inbound(a, "first", EARLIER.plusSeconds(1));
    inbound(b, "second", EARLIER.plusSeconds(2));
    inbound(c, "tie", EARLIER.plusSeconds(3));
    inbound(d, "tie", EARLIER.plusSeconds(3));
    for (String p : List.of(a, b, c, d)) {
      Inbox.until(token, p, conversation -> true);
    }
    String reply = Api.queue(a, "A reply makes it the newest");

    List<String> mine = new ArrayList<>();
    for (Map<String, Object> conversation : Inbox.all(token, 100, false)) {
      if (List.of(a, b, c, d).contains(conversation.get("phone"))) {
        mine.add((String) conversation.get("phone"));
      }
    }
    List<String> tie = Stream.of(c, d).sorted(Comparator.reverseOrder()).toList();
    assertEquals(List.of(a, tie.get(0), tie.get(1), b), mine);

    Map<String, Object> first = Inbox.find(token, a);
    assertEquals(reply, Inbox.last(first, "id"));
    assertEquals("outbound", Inbox.last(first, "direction"));
    assertEquals("queued", Inbox.last(first, "status"));
    assertEquals(first.get("lastActivityAt"), Inbox.last(first, "at"));
    assertEquals(1, first.get("inboundCount"));
    assertEquals(1L, unread(first));
    assertNull(first.get("readUpTo"));
    assertEquals(false, first.get("optedOut"));
    assertEquals(0, Inbox.last(first, "mediaCount"));
  }

  @Test
  void unreadCountsAndMarkersAreEachUsersOwn() {
    String first = viewer();
    String second = viewer();
    String phone = Numbers.fresh();
    List<String> ids = texts(first, phone, 3);

    JsonPath marked =
        Inbox.markRead(first, phone, Map.of("upTo", ids.get(1)))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(phone, marked.getString("phone"));
    assertEquals(ids.get(1), marked.getString("readUpTo"));
    assertEquals(1, marked.getInt("unreadCount"));
    assertEquals(3, marked.getInt("inboundCount"));

    assertEquals(1L, unread(Inbox.find(first, phone)));
    Map<String, Object> theirs = Inbox.find(second, phone);
    assertEquals(3L, unread(theirs), "nobody else's marker counts");
    assertNull(theirs.get("readUpTo"));
  }

  @Test
  void aMarkerNeverMovesBackwardsAndLaterTextsAreUnread() {
    String token = viewer();
    String phone = Numbers.fresh();
    List<String> ids = texts(token, phone, 3);
    Inbox.markRead(token, phone, Map.of("upTo", ids.get(0))).then().statusCode(200);

    JsonPath older =
        Inbox.markRead(token, phone, Map.of("upTo", ids.get(2)))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(ids.get(0), older.getString("readUpTo"), "an older upTo changes nothing");
    assertEquals(0, older.getInt("unreadCount"));

    inbound(phone, "One more", Instant.now());
    Map<String, Object> after = Inbox.until(token, phone, c -> unread(c) == 1);
    assertEquals(ids.get(0), after.get("readUpTo"));

    // The newest message may be our own reply: reading up to it reads everything before it.
    String reply = Api.queue(phone, "Our reply");
    JsonPath all =
        Inbox.markRead(token, phone, Map.of("upTo", reply))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(reply, all.getString("readUpTo"));
    assertEquals(0, all.getInt("unreadCount"));
  }

  /** What a refused marking sends: its body, to which number. */
  enum Refused {
    NO_BODY,
    NO_UP_TO,
    UP_TO_NULL,
    UP_TO_NO_UUID,
    UP_TO_UNKNOWN,
    UP_TO_OF_ANOTHER_CONVERSATION,
    NO_CONVERSATION,
    NO_NUMBER
  }

  static Stream<Arguments> refusedMarkings() {
    return Stream.of(
        Arguments.of(Refused.NO_BODY, 422, "upTo"),
        Arguments.of(Refused.NO_UP_TO, 422, "upTo"),
        Arguments.of(Refused.UP_TO_NULL, 422, "upTo"),
        Arguments.of(Refused.UP_TO_NO_UUID, 422, "upTo"),
        Arguments.of(Refused.UP_TO_UNKNOWN, 422, "upTo"),
        Arguments.of(Refused.UP_TO_OF_ANOTHER_CONVERSATION, 422, "upTo"),
        Arguments.of(Refused.NO_CONVERSATION, 404, null),
        Arguments.of(Refused.NO_NUMBER, 422, "phone"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("refusedMarkings")
  void aMarkingThatCannotBeIsRefusedAndChangesNothing(Refused kind, int status, String field) {
    String token = viewer();
    String phone = Numbers.fresh();
    String newest = texts(token, phone, 1).get(0);
    String path = phone;
    String body =
        switch (kind) {
          case NO_BODY -> "";
          case NO_UP_TO -> "{}";
          case UP_TO_NULL -> "{\"upTo\": null}";
          case UP_TO_NO_UUID -> "{\"upTo\": \"latest\"}";
          case UP_TO_UNKNOWN -> "{\"upTo\": \"" + UUID.randomUUID() + "\"}";
          case UP_TO_OF_ANOTHER_CONVERSATION ->
              "{\"upTo\": \"" + texts(token, Numbers.fresh(), 1).get(0) + "\"}";
          case NO_CONVERSATION, NO_NUMBER -> "{\"upTo\": \"" + newest + "\"}";
        };
    if (kind == Refused.NO_CONVERSATION) {
      path = Numbers.fresh();
    } else if (kind == Refused.NO_NUMBER) {
      path = "not-a-number";
    }
    JsonPath problem =
        Inbox.markRead(token, path, body)
            .then()
            .statusCode(status)
            .contentType("application/problem+json")
            .extract()
            .jsonPath();
    if (field != null) {
      assertEquals(field, problem.getString("errors[0].field"), problem.prettify());
    }
    Map<String, Object> conversation = Inbox.find(token, phone);
    assertNull(conversation.get("readUpTo"), kind + " marks nothing");
    assertEquals(1L, unread(conversation));
  }

  @Test
  void pagesWalkEveryConversationOnceInOrder() {
    String token = viewer();
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String phone = Numbers.fresh();
      mine.add(phone);
      inbound(phone, "Paging " + i, EARLIER.plusSeconds(10 + i));
    }
    mine.forEach(p -> Inbox.until(token, p, c -> true));

    List<Map<String, Object>> byTwo = Inbox.all(token, 2, false);
    List<Map<String, Object>> whole = Inbox.all(token, 100, false);
    List<String> phones = byTwo.stream().map(c -> (String) c.get("phone")).toList();
    assertEquals(whole.stream().map(c -> (String) c.get("phone")).toList(), phones);
    assertEquals(phones.size(), new HashSet<>(phones).size(), "each conversation once");
    assertTrue(phones.containsAll(mine));
    for (int i = 1; i < byTwo.size(); i++) {
      Instant before = Instant.parse((String) byTwo.get(i - 1).get("lastActivityAt"));
      Instant at = Instant.parse((String) byTwo.get(i).get("lastActivityAt"));
      assertTrue(
          before.isAfter(at)
              || (before.equals(at) && phones.get(i - 1).compareTo(phones.get(i)) > 0),
          "in order at " + i + ": " + phones);
    }
    JsonPath one =
        Api.as(token)
            .queryParam("limit", 1)
            .get("/api/conversations")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(1, one.getList("items").size());
    assertNotNull(one.getString("nextCursor"));
    JsonPath defaults =
        Api.as(token).get("/api/conversations").then().statusCode(200).extract().jsonPath();
    assertEquals(Math.min(30, whole.size()), defaults.getList("items").size());
  }

  static Stream<Arguments> badQueries() {
    String foreign =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("12:not-a-phone".getBytes(StandardCharsets.UTF_8));
    return Stream.of(
        Arguments.of("limit", "0", 422),
        Arguments.of("limit", "101", 422),
        Arguments.of("limit", "-1", 422),
        Arguments.of("limit", "ten", 422),
        Arguments.of("limit", "1.5", 422),
        Arguments.of("unread", "maybe", 422),
        Arguments.of("cursor", "garbage!", 400),
        Arguments.of("cursor", foreign, 400),
        Arguments.of("cursor", "MTI", 400));
  }

  @ParameterizedTest(name = "{0}={1} is a {2}")
  @MethodSource("badQueries")
  void aBadQueryParameterIsAProblemNamingIt(String param, String value, int status) {
    JsonPath problem =
        Api.as(viewer())
            .queryParam(param, value)
            .get("/api/conversations")
            .then()
            .statusCode(status)
            .contentType("application/problem+json")
            .extract()
            .jsonPath();
    assertEquals(param, problem.getString("errors[0].field"));
    assertTrue(problem.getString("detail").contains(param), problem.getString("detail"));
  }

  @Test
  void unreadKeepsOnlyTheConversationsWithTextsTheCallerHasNotRead() {
    String token = viewer();
    String read = Numbers.fresh();
    String unread = Numbers.fresh();
    String ours = Numbers.fresh();
    List<String> readIds = texts(token, read, 2);
    texts(token, unread, 1);
    Api.queue(ours, "Only our text");
    Inbox.markRead(token, read, Map.of("upTo", readIds.get(0))).then().statusCode(200);

    Set<Object> filtered = new HashSet<>();
    Inbox.all(token, 2, true).forEach(c -> filtered.add(c.get("phone")));
    assertTrue(filtered.contains(unread));
    assertFalse(filtered.contains(read));
    assertFalse(filtered.contains(ours), "a conversation without inbound texts is never unread");
    Set<Object> everything = new HashSet<>();
    Inbox.all(token, 100, false).forEach(c -> everything.add(c.get("phone")));
    assertTrue(everything.containsAll(List.of(read, unread, ours)));
    assertTrue(Inbox.all(viewer(), 100, true).stream().anyMatch(c -> read.equals(c.get("phone"))));
  }

  @Test
  void thePreviewIsTheFirst160CharactersAndOptOutsShow() {
    String token = viewer();
    String phone = Numbers.fresh();
    String body = "x".repeat(150) + "é".repeat(50);
    Api.queue(phone, body);
    assertEquals(body.substring(0, 160), Inbox.last(Inbox.find(token, phone), "preview"));

    String stopped = Numbers.fresh();
    TestKafka.sendEvent(
        Topics.INBOUND,
        stopped,
        SampleEvents.inbound(
            Events.sid(), stopped, FakeTwilio.FROM, "STOP", KeywordKind.OPT_OUT, Instant.now()));
    Map<String, Object> c =
        Inbox.until(token, stopped, x -> Boolean.TRUE.equals(x.get("optedOut")));
    assertEquals("STOP", Inbox.last(c, "preview"));
    assertEquals("received", Inbox.last(c, "status"));
    assertEquals("inbound", Inbox.last(c, "direction"));
  }

  @Test
  void aDraftCampaignsTextsAreInNoConversationUntilItStarts() {
    String token = viewer();
    String phone = Numbers.fresh();
    String id =
        Campaigns.create("Spring offer", List.of(Campaigns.to(phone)), false).getString("id");
    assertNull(Inbox.find(token, phone));

    Campaigns.act(id, "start", 200);
    Map<String, Object> c = Inbox.find(token, phone);
    assertNotNull(c, "started: its texts are in their conversations");
    assertEquals("outbound", Inbox.last(c, "direction"));
    assertEquals("Spring offer", Inbox.last(c, "preview"));
    assertEquals(Inbox.messageIds(phone).get(0), Inbox.last(c, "id"));
  }
}
