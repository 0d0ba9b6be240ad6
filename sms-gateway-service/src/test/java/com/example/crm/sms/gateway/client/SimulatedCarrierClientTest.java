package com.example.crm.sms.gateway.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.sun.net.httpserver.HttpServer;
import com.twilio.security.RequestValidator;
import io.vertx.mutiny.core.Vertx;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatedCarrierClientTest {

  private static final String TOKEN = "test-auth-token-0000";

  private final List<Map<String, String>> callbacks = new CopyOnWriteArrayList<>();
  private final List<Boolean> signaturesValid = new CopyOnWriteArrayList<>();
  private HttpServer ingest;
  private Vertx vertx;
  private String url;

  @BeforeEach
  void start() throws Exception {
    ingest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    url = "http://127.0.0.1:" + ingest.getAddress().getPort() + "/twilio/status";
    ingest.createContext(
        "/twilio/status",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Map<String, String> form = new HashMap<>();
          for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(
                URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
          }
          String signature = exchange.getRequestHeaders().getFirst("X-Twilio-Signature");
          signaturesValid.add(new RequestValidator(TOKEN).validate(url, form, signature));
          callbacks.add(form);
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    ingest.start();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    ingest.stop(0);
    vertx.closeAndAwait();
  }

  @Test
  void postsSendingSentDeliveredSignedSoRequestValidatorAcceptsThem() {
    SimulatedCarrierClient carrier =
        new SimulatedCarrierClient(
            vertx, url, TOKEN, "AC" + "0".repeat(32), Duration.ofMillis(20), 0);
    SendOutcome outcome =
        carrier
            .send(new CarrierClient.OutgoingSms("+12394267058", "+15005550006", null, "Hi"))
            .await()
            .atMost(Duration.ofSeconds(5));
    SendOutcome.Accepted accepted = assertInstanceOf(SendOutcome.Accepted.class, outcome);
    assertTrue(accepted.messageSid().matches("SM[0-9a-f]{32}"), accepted.messageSid());

    await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() == 3);
    assertEquals(
        List.of("sending", "sent", "delivered"),
        callbacks.stream().map(c -> c.get("MessageStatus")).toList());
    assertTrue(callbacks.stream().allMatch(c -> accepted.messageSid().equals(c.get("MessageSid"))));
    assertEquals("+12394267058", callbacks.get(0).get("To"));
    assertEquals(List.of(true, true, true), signaturesValid);
  }

  @Test
  void aConfiguredShareEndsUndeliveredWith30006() {
    SimulatedCarrierClient carrier =
        new SimulatedCarrierClient(
            vertx, url, TOKEN, "AC" + "0".repeat(32), Duration.ofMillis(10), 1.0);
    carrier
        .send(new CarrierClient.OutgoingSms("+12394267058", "+15005550006", null, "Hi"))
        .await()
        .atMost(Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() == 3);
    Map<String, String> last = callbacks.get(2);
    assertEquals("undelivered", last.get("MessageStatus"));
    assertEquals("30006", last.get("ErrorCode"));
    assertTrue(signaturesValid.stream().allMatch(v -> v));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "+15005550001 | 21211 | The 'To' number +15005550001 is not a valid phone number.",
        "+15005550004 | 21610 | Attempt to send to unsubscribed recipient",
        "+15005550009 | 21614 | 'To' number is not a valid mobile number",
      })
  void twilioMagicRecipientsAreRefusedLikeTheTestApiWithoutCallbacks(
      String to, int code, String message) throws Exception {
    SimulatedCarrierClient carrier =
        new SimulatedCarrierClient(
            vertx, url, TOKEN, "AC" + "0".repeat(32), Duration.ofMillis(10), 0);
    SendOutcome outcome =
        carrier
            .send(new CarrierClient.OutgoingSms(to, "+15005550006", null, "Hi"))
            .await()
            .atMost(Duration.ofSeconds(5));
    assertEquals(new SendOutcome.Rejected(code, message), outcome);
    Thread.sleep(200);
    assertEquals(List.of(), callbacks, "a refused create gets no status callbacks");
  }

  /** Sends from the test sender; the SID the carrier gave. */
  private static String accepted(SimulatedCarrierClient carrier, String to, String body) {
    return ((SendOutcome.Accepted)
            carrier
                .send(new CarrierClient.OutgoingSms(to, "+15005550006", null, body))
                .await()
                .atMost(Duration.ofSeconds(5)))
        .messageSid();
  }

  @Test
  void listsWhatItSentToANumberSinceATimeAsTwiliosMessageListDoes() {
    SimulatedCarrierClient carrier =
        new SimulatedCarrierClient(
            vertx, url, null, "AC" + "0".repeat(32), Duration.ofMinutes(10), 0, 100);
    java.time.Instant before = java.time.Instant.now().minusSeconds(1);
    String sid = accepted(carrier, "+12394267058", "Hi");
    accepted(carrier, "+12394267059", "Other");

    List<SentMessage> sent =
        carrier
            .sentTo("+12394267058", "+15005550006", before)
            .await()
            .atMost(Duration.ofSeconds(5));
    assertEquals(1, sent.size());
    assertEquals(sid, sent.get(0).messageSid());
    assertEquals("Hi", sent.get(0).body());
    assertEquals(
        List.of(),
        carrier
            .sentTo("+12394267058", "+15005550006", java.time.Instant.now().plusSeconds(60))
            .await()
            .atMost(Duration.ofSeconds(5)),
        "nothing sent since a later time");
  }

  @Test
  void thePerMessageStatusesAreBounded() {
    SimulatedCarrierClient carrier =
        new SimulatedCarrierClient(
            vertx, url, null, "AC" + "0".repeat(32), Duration.ofMinutes(10), 0, 5);
    List<String> sids = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sids.add(accepted(carrier, "+12394267058", "Hi"));
    }
    assertTrue(carrier.trackedMessages() <= 5, "tracked " + carrier.trackedMessages());
    long known =
        sids.stream()
            .filter(
                sid ->
                    carrier.fetch(sid).await().atMost(Duration.ofSeconds(5))
                        instanceof SendOutcome.Accepted)
            .count();
    assertTrue(known <= 5, known + " of 50 still known");
  }

  @Test
  void twilioMagicRecipientsAreValidNumbersForTheSendApi() {
    PhoneNumbers phones = new PhoneNumbers("US");
    for (String magic : SimulatedCarrierClient.MAGIC_RECIPIENTS.keySet()) {
      assertEquals(Optional.of(magic), phones.toE164(magic), magic);
    }
  }
}
