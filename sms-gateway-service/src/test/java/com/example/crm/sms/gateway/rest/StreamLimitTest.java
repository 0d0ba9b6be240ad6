package com.example.crm.sms.gateway.rest;

import static com.example.crm.sms.gateway.support.Api.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.gateway.service.StreamPermits;
import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.ApiLimitsProfile;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Inbox;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.gateway.support.SseClient;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Live streams are bounded: a cap per instance, and one read per change for all subscribers. */
@QuarkusTest
@TestProfile(ApiLimitsProfile.class)
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class StreamLimitTest {

  @Inject MeterRegistry registry;
  @Inject Pool pool;

  @TestHTTPResource("/")
  URL base;

  private final List<SseClient> clients = new ArrayList<>();

  @AfterEach
  void closeAll() {
    clients.forEach(SseClient::close);
    await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == 0);
  }

  private SseClient open(String phone) {
    SseClient c = SseClient.open(base, "/api/conversations/" + phone + "/stream");
    clients.add(c);
    return c;
  }

  private void awaitOpen(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == n);
  }

  private double inboxMarkerReads() {
    return registry.get("sms.gateway.inbox.stream.reads").tag("of", "markers").counter().count();
  }

  private double reads() {
    return registry.find("sms.gateway.stream.reads").counter().count();
  }

  /** Streams open now in this instance, as its metric shows them. */
  private int openStreams() {
    return (int) registry.get(StreamPermits.OPEN_STREAMS).gauge().value();
  }

  private void notifyChange(String id, String phone) {
    pool.preparedQuery("SELECT pg_notify('sms_messages', $1)")
        .execute(Tuple.of(new JsonObject().put("id", id).put("phone", phone).encode()))
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  @Test
  void pastTheCapA503WithRetryAfterAndAClosedStreamFreesItsPlace() {
    String phone = Numbers.fresh();
    for (int i = 0; i < ApiLimitsProfile.MAX_STREAMS; i++) {
      open(phone);
    }
    awaitOpen(ApiLimitsProfile.MAX_STREAMS);
    given()
        .accept("text/event-stream")
        .get("/api/conversations/" + Numbers.fresh() + "/stream")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", "5")
        .body("status", equalTo(503));
    assertEquals(ApiLimitsProfile.MAX_STREAMS, openStreams(), "the refusal took none");

    clients.remove(0).close();
    awaitOpen(ApiLimitsProfile.MAX_STREAMS - 1);
    SseClient again = open(phone);
    awaitOpen(ApiLimitsProfile.MAX_STREAMS);
    await().atMost(Duration.ofSeconds(10)).until(() -> again.statusLine() != null);
    assertTrue(again.statusLine().contains(" 200"), again.statusLine());
  }

  @Test
  void oneChangeIsReadOnceForEverySubscriberOfItsConversation() {
    String phone = Numbers.fresh();
    String id = Api.queue(phone, "Shared read");
    List<SseClient> subscribers = new ArrayList<>();
    for (int i = 0; i < ApiLimitsProfile.MAX_STREAMS; i++) {
      subscribers.add(open(phone));
    }
    awaitOpen(ApiLimitsProfile.MAX_STREAMS);
    double before = reads();
    // Nobody here watches this conversation: its notification costs no read.
    notifyChange(UUID.randomUUID().toString(), Numbers.fresh());
    notifyChange(id, phone);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> subscribers.stream().allMatch(s -> s.received(id)));
    assertEquals(
        1, reads() - before, "one read for " + subscribers.size() + " subscribers of the change");
  }

  @Test
  void inboxStreamsShareTheCapAndEachUsersMarkerIsReadOnceNotPerChange() {
    String phone = Numbers.fresh();
    String id = Api.queue(phone, "An inbox change");
    List<SseClient> inboxes = new ArrayList<>();
    for (int i = 0; i < ApiLimitsProfile.MAX_STREAMS; i++) {
      SseClient c =
          SseClient.open(
              base,
              "/api/conversations/stream",
              "Bearer " + Inbox.viewer("limit-" + i + "-" + UUID.randomUUID()));
      clients.add(c);
      inboxes.add(c);
    }
    awaitOpen(ApiLimitsProfile.MAX_STREAMS);
    given()
        .accept("text/event-stream")
        .get("/api/conversations/" + phone + "/stream")
        .then()
        .statusCode(503)
        .header("Retry-After", "5");

    double before = inboxMarkerReads();
    notifyChange(id, phone);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> inboxes.stream().allMatch(s -> s.received(id)));
    assertEquals(1, inboxMarkerReads() - before, "the markers of all three users in one read");

    String next = Api.queue(phone, "Another change");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> inboxes.stream().allMatch(s -> s.received(next)));
    assertEquals(1, inboxMarkerReads() - before, "a marker already known is not read again");
  }
}
