package com.example.crm.sms.gateway.rest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.events.samples.SampleEvents;
import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.Events;
import com.example.crm.sms.gateway.support.FakeTwilio;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Inbox;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.gateway.support.SseClient;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The inbox, live: each subscriber gets every change of a conversation with its own unread count,
 * and its own read markings, fed by PostgreSQL LISTEN/NOTIFY (so from any replica).
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class InboxStreamTest {

  @TestHTTPResource("/")
  URL base;

  @Inject Pool pool;

  private SseClient first;
  private SseClient second;

  @AfterEach
  void close() {
    Stream.of(first, second).filter(Objects::nonNull).forEach(SseClient::close);
  }

  private SseClient subscribe(String token) {
    SseClient client = SseClient.open(base, "/api/conversations/stream", "Bearer " + token);
    await().atMost(Duration.ofSeconds(10)).until(() -> client.statusLine() != null);
    assertTrue(client.statusLine().contains(" 200"), client.statusLine());
    // The stream is subscribed once its headers are out; give the server a moment past that.
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    return client;
  }

  /** Waits for an event of the stream about {@code phone} that satisfies the condition. */
  private static JsonObject awaitEvent(
      SseClient client, String phone, Predicate<JsonObject> condition) {
    JsonObject[] found = new JsonObject[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              for (String data : client.data(phone)) {
                JsonObject event = new JsonObject(data);
                if (condition.test(event)) {
                  found[0] = event;
                  return true;
                }
              }
              return false;
            });
    return found[0];
  }

  private static void inbound(String phone, String body, KeywordKind keyword) {
    TestKafka.sendEvent(
        Topics.INBOUND,
        phone,
        SampleEvents.inbound(Events.sid(), phone, FakeTwilio.FROM, body, keyword, Instant.now()));
  }

  private static long unread(JsonObject event) {
    return event.getLong("unreadCount");
  }

  @Test
  void eachSubscriberSeesNewTextsWithItsOwnUnreadCountAndItsOwnMarkings() {
    String alice = Inbox.viewer("inbox-stream-a-" + UUID.randomUUID());
    String bob = Inbox.viewer("inbox-stream-b-" + UUID.randomUUID());
    first = subscribe(alice);
    second = subscribe(bob);
    String phone = Numbers.fresh();

    inbound(phone, "Is the flat still free?", KeywordKind.NONE);
    JsonObject received = awaitEvent(first, phone, e -> unread(e) == 1);
    assertEquals("inbound", received.getJsonObject("lastMessage").getString("direction"));
    assertEquals("received", received.getJsonObject("lastMessage").getString("status"));
    assertEquals(
        "Is the flat still free?", received.getJsonObject("lastMessage").getString("preview"));
    String id = received.getJsonObject("lastMessage").getString("id");
    assertTrue(
        first.lines().stream()
            .anyMatch(l -> l.matches("id: ?\\Q" + phone + ":" + id + ":received:1\\E")),
        first.lines().toString());
    assertTrue(first.lines().stream().anyMatch(l -> l.matches("event: ?conversation")));
    awaitEvent(second, phone, e -> unread(e) == 1);

    // Alice reads it (in another tab: any request of hers): only her streams hear of it.
    Inbox.markRead(alice, phone, Map.of("upTo", id)).then().statusCode(200);
    JsonObject read = awaitEvent(first, phone, e -> unread(e) == 0);
    assertEquals(id, read.getString("readUpTo"));

    inbound(phone, "Hello?", KeywordKind.NONE);
    awaitEvent(first, phone, e -> unread(e) == 1 && e.getLong("inboundCount") == 2);
    awaitEvent(second, phone, e -> unread(e) == 2);
    assertTrue(
        second.data(phone).stream().noneMatch(d -> unread(new JsonObject(d)) == 0),
        "Bob never saw Alice's marking: " + second.data(phone));
  }

  @Test
  void aSendItsStatusAndAnOptOutChangeAreEvents() {
    String token = Inbox.viewer("inbox-stream-c-" + UUID.randomUUID());
    first = subscribe(token);
    second = subscribe(token);
    String phone = Numbers.fresh();

    String id = Api.queue(phone, "Your viewing is at 3pm");
    awaitEvent(first, phone, e -> id.equals(e.getJsonObject("lastMessage").getString("id")));
    String sid =
        Api.awaitMessage(id, m -> m.getString("messageSid") != null).getString("messageSid");
    Events.status(sid, MessageStatus.DELIVERED, null);
    awaitEvent(
        first, phone, e -> "delivered".equals(e.getJsonObject("lastMessage").getString("status")));

    inbound(phone, "STOP", KeywordKind.OPT_OUT);
    awaitEvent(first, phone, e -> e.getBoolean("optedOut"));
    // An opt-out lifted by whichever writer of opt_outs, with no text: still an event.
    pool.preparedQuery(
            "UPDATE opt_outs SET opted_out = false, source = 'manual' WHERE phone_e164 = $1")
        .execute(Tuple.of(phone))
        .await()
        .atMost(Duration.ofSeconds(10));
    awaitEvent(first, phone, e -> !e.getBoolean("optedOut") && unread(e) == 1);
    // Both streams of one user got the same.
    awaitEvent(second, phone, e -> !e.getBoolean("optedOut") && unread(e) == 1);
  }
}
