package com.example.crm.sms.gateway.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.FakeTwilio;
import com.example.crm.sms.gateway.support.FakeTwilio.Reply;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Twilio down, end to end (real broker, real database, the real SDK): the gateway's SDK points at a
 * port of its own where, at first, nothing listens; the test starts a fake Twilio there when the
 * outage ends. Runs in its own application (profile) with a small breaker threshold.
 */
@QuarkusTest
@TestProfile(TwilioOutageTest.OutageProfile.class)
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwilioOutageTest {

  static final int PORT = freePort();
  static final int BREAKER_THRESHOLD = 3;
  static final Duration BREAKER_OPEN = Duration.ofSeconds(3);

  /** The outage Twilio of this class only; null while nothing listens on {@link #PORT}. */
  private static FakeTwilio twilio;

  public static class OutageProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sms.gateway.carrier.api-base-url",
          "http://127.0.0.1:" + PORT,
          "sms.gateway.dispatcher.breaker-failure-threshold",
          String.valueOf(BREAKER_THRESHOLD),
          "sms.gateway.dispatcher.breaker-open-duration",
          BREAKER_OPEN.toMillis() + "ms",
          "sms.gateway.dispatcher.initial-backoff",
          "500ms",
          // 10 sends a second: each outcome reaches the breaker before the next send starts.
          "sms.gateway.dispatcher.per-sender-segments-per-second",
          "10");
    }
  }

  @Inject Pool pool;

  @AfterAll
  static void stopTwilio() {
    if (twilio != null) {
      twilio.stop();
    }
  }

  @Test
  @Order(1)
  void refusedConnectionIsRetriedWithBackoffThenSentExactlyOnce() {
    assertThrows(
        ConnectException.class,
        () -> new Socket("127.0.0.1", PORT).close(),
        "nothing may listen on the outage port yet");
    String to = Numbers.fresh();
    String id = Api.queue(to, "Your viewing is confirmed");

    // Two refused attempts and a next one scheduled in the future; still queued, not failed.
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              Row r = row(id);
              return r.getInteger("attempts") >= 2 && r.getBoolean("retry_later");
            });
    JsonPath waiting = Api.message(id);
    assertEquals("queued", waiting.getString("status"));
    assertNull(waiting.getString("failedAt"));
    assertNull(waiting.getString("messageSid"));
    assertTrue(waiting.getString("errorMessage").contains("cannot connect"), waiting.prettify());

    twilio = FakeTwilio.startOn(PORT);
    JsonPath sent = Api.awaitMessage(id, m -> m.getString("messageSid") != null);
    assertEquals("queued", sent.getString("status"), "Twilio's status after the create");
    assertNull(sent.getString("errorMessage"));
    assertNotNull(sent.getString("sentAt"));
    assertEquals(1, twilio.sendsTo(to).size(), "exactly one create reached Twilio");
    assertEquals(1, twilio.createdFor(to));
  }

  /**
   * The outage is a 429 on every request (not a 5xx: a 5xx after the request may have reached
   * Twilio is an unknown outcome and never re-sent, so it would not show the messages being sent
   * after the outage). 429s, like refused connections, count as breaker failures and are retried.
   */
  @Test
  @Order(2)
  void breakerOpensDuring429OutageSoQueuedTextsDoNotSpinThenAllAreSent() throws Exception {
    if (twilio == null) {
      twilio = FakeTwilio.startOn(PORT);
    }
    twilio.outage(Reply.error(429, 20429, "Too Many Requests"));
    int before = twilio.creates();
    List<String> to = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      to.add(Numbers.fresh());
      ids.add(Api.queue(to.get(i), "Open house on Saturday " + i));
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> twilio.creates() - before >= BREAKER_THRESHOLD);
    int opened = twilio.creates() - before;
    // Well inside the open interval: the breaker holds every other queued text back.
    Thread.sleep(BREAKER_OPEN.toMillis() / 2);
    int whileOpen = twilio.creates() - before;
    assertTrue(
        whileOpen <= BREAKER_THRESHOLD + 1,
        "at most the threshold (+1 in flight) reach Twilio while open, got " + whileOpen);
    assertTrue(whileOpen - opened <= 1, "no sends while open: " + opened + " -> " + whileOpen);
    for (String id : ids) {
      JsonPath m = Api.message(id);
      assertEquals("queued", m.getString("status"), m.prettify());
      assertNull(m.getString("failedAt"));
    }

    twilio.outage(null);
    for (int i = 0; i < ids.size(); i++) {
      JsonPath sent = Api.awaitMessage(ids.get(i), m -> m.getString("messageSid") != null);
      assertNull(sent.getString("errorMessage"));
    }
    int total = twilio.creates() - before;
    // Each text is created once; the rest are the few 429s the breaker let through.
    assertTrue(
        total <= ids.size() + BREAKER_THRESHOLD + 2,
        "8 texts took " + total + " requests: the dispatcher spun during the outage");
    for (String number : to) {
      assertEquals(1, twilio.createdFor(number), "one successful create for " + number);
    }
  }

  private Row row(String id) {
    return pool.preparedQuery(
            "SELECT attempts, next_attempt_at > now() AS retry_later FROM sms_messages WHERE id ="
                + " $1")
        .execute(Tuple.of(UUID.fromString(id)))
        .await()
        .atMost(Duration.ofSeconds(10))
        .iterator()
        .next();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
