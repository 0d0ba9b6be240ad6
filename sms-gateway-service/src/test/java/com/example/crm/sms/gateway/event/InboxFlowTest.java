package com.example.crm.sms.gateway.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.events.EventJson;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MediaItem;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.events.samples.SampleEvents;
import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.Db;
import com.example.crm.sms.gateway.support.Events;
import com.example.crm.sms.gateway.support.FakeTwilio;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Inbox;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The inbox follows the texts over the real broker and database: an inbound text makes or bumps its
 * conversation exactly once however often its event comes, a send bumps it, a status change of the
 * last message shows without reordering.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class InboxFlowTest {

  @Inject Pool pool;

  private static final String TOKEN = Inbox.viewer("inbox-flow-" + UUID.randomUUID());

  private static String json(InboundMessageReceivedEvent e) {
    try {
      return EventJson.mapper().writeValueAsString(e);
    } catch (JsonProcessingException x) {
      throw new IllegalStateException(x);
    }
  }

  private static InboundMessageReceivedEvent text(String phone, String body, Instant at) {
    return SampleEvents.inbound(Events.sid(), phone, FakeTwilio.FROM, body, KeywordKind.NONE, at);
  }

  /** Where the repeat of an event comes: in the same poll as the first, or in a later one. */
  enum Replay {
    SAME_BATCH,
    LATER_BATCH
  }

  @ParameterizedTest
  @EnumSource(Replay.class)
  void anInboundTextCountsOnceHoweverOftenItsEventComes(Replay replay) {
    String phone = Numbers.fresh();
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    InboundMessageReceivedEvent first = text(phone, "Is it still available?", at);
    // A text after the repeats, on the same key (so the same partition, in order): once it is in,
    // so are the repeats before it.
    InboundMessageReceivedEvent after = text(phone, "Hello?", at.plusSeconds(1));
    if (replay == Replay.SAME_BATCH) {
      Events.publishTogether(
          Topics.INBOUND, phone, List.of(json(first), json(first), json(first), json(after)));
    } else {
      TestKafka.sendEvent(Topics.INBOUND, phone, first);
      Inbox.until(TOKEN, phone, c -> true);
      TestKafka.sendEvent(Topics.INBOUND, phone, first);
      TestKafka.sendEvent(Topics.INBOUND, phone, first);
      TestKafka.sendEvent(Topics.INBOUND, phone, after);
    }
    Map<String, Object> c =
        Inbox.until(TOKEN, phone, x -> "Hello?".equals(Inbox.last(x, "preview")));
    assertEquals(2, c.get("inboundCount"), "each MessageSid once: " + c);
    assertEquals(2, c.get("unreadCount"));
    assertEquals(
        2L, Db.count(pool, "SELECT count(*) FROM sms_messages WHERE peer_number = $1", phone));
  }

  @Test
  void aTextDeliveredLateCountsButTheNewestStaysTheLastMessage() {
    String phone = Numbers.fresh();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    TestKafka.sendEvent(Topics.INBOUND, phone, text(phone, "Newest", now));
    Inbox.until(TOKEN, phone, c -> true);
    TestKafka.sendEvent(Topics.INBOUND, phone, text(phone, "Sent before it", now.minusSeconds(60)));
    Map<String, Object> c =
        Inbox.until(TOKEN, phone, x -> ((Number) x.get("inboundCount")).intValue() == 2);
    assertEquals("Newest", Inbox.last(c, "preview"));
    assertEquals(2, c.get("unreadCount"));
  }

  @Test
  void anMmsShowsItsMediaCount() {
    String phone = Numbers.fresh();
    InboundMessageReceivedEvent plain = text(phone, "Look", Instant.now());
    InboundMessageReceivedEvent mms =
        new InboundMessageReceivedEvent(
            plain.eventId(),
            plain.type(),
            plain.occurredAt(),
            plain.schemaVersion(),
            plain.messageSid(),
            plain.accountSid(),
            plain.messagingServiceSid(),
            plain.from(),
            plain.fromRaw(),
            plain.to(),
            plain.toRaw(),
            plain.body(),
            false,
            1,
            List.of(
                new MediaItem("https://api.twilio.com/media/1", "image/jpeg"),
                new MediaItem("https://api.twilio.com/media/2", "image/png")),
            KeywordKind.NONE,
            null,
            "US",
            null,
            null,
            null,
            "US",
            null,
            Map.of());
    TestKafka.sendEvent(Topics.INBOUND, phone, mms);
    assertEquals(2, Inbox.last(Inbox.until(TOKEN, phone, c -> true), "mediaCount"));
  }

  @Test
  void aSendBumpsItsConversationAndItsStatusChangesShowWithoutReordering() {
    String phone = Numbers.fresh();
    TestKafka.sendEvent(
        Topics.INBOUND, phone, text(phone, "Can you call me?", Instant.now().minusSeconds(30)));
    Inbox.until(TOKEN, phone, c -> true);

    String id = Api.queue(phone, "Sure, at 3pm");
    Map<String, Object> queued = Inbox.find(TOKEN, phone);
    assertEquals(id, Inbox.last(queued, "id"), "the send is the newest message at once");
    assertEquals("outbound", Inbox.last(queued, "direction"));
    assertEquals(1, queued.get("inboundCount"));

    String sid =
        Api.awaitMessage(id, m -> m.getString("messageSid") != null).getString("messageSid");
    Events.status(sid, MessageStatus.DELIVERED, null);
    Map<String, Object> delivered =
        Inbox.until(TOKEN, phone, c -> "delivered".equals(Inbox.last(c, "status")));
    assertEquals(id, Inbox.last(delivered, "id"));
    assertEquals(queued.get("lastActivityAt"), delivered.get("lastActivityAt"), "not reordered");
  }
}
