package com.example.crm.sms.ingest.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.ingest.HealthCalls;
import com.example.crm.sms.ingest.HealthCalls.Answer;
import com.example.crm.sms.ingest.TwilioSigning;
import com.example.crm.sms.ingest.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Rule 1 from a start with no broker at all: the producer never learns the topics' metadata, so
 * every send would wait max.block.ms for it. With the default publish timeout (3 s) each webhook
 * still gets its 503 within 3.5 s of being posted, also when many arrive at once and the worker
 * pool is tiny: no webhook waits for a worker, and its deadline runs from its arrival.
 */
@QuarkusTest
@TestProfile(UnreachableBrokerTest.NoBroker.class)
class UnreachableBrokerTest {

  static final Duration ANSWERED_WITHIN = Duration.ofMillis(3500);
  static final int CONCURRENT = 24;
  // HTTP/1.1 as Twilio posts (the JDK client would otherwise offer an h2c upgrade).
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** A bootstrap address where nothing listens; the settings' defaults otherwise. */
  public static class NoBroker implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "kafka.bootstrap.servers",
          "127.0.0.1:" + closedPort(),
          // Before, each webhook without metadata held a worker for up to max.block.ms: with two,
          // the later webhooks queued for many seconds before their deadline even started.
          "quarkus.thread-pool.max-threads",
          "2");
    }
  }

  @Test
  void everyWebhookGetsIts503WithinThreeAndAHalfSecondsWhenNoBrokerWasEverReached() {
    // Built and signed before the clock starts, and sent by the JDK's client, so the time measured
    // is the service's.
    List<HttpRequest> requests =
        IntStream.range(0, CONCURRENT)
            .mapToObj(
                i ->
                    i % 2 == 0
                        ? signed(
                            "/twilio/messages",
                            Webhooks.inbound(Webhooks.newMessageSid(), "+12394267058", "cold"))
                        : signed(
                            "/twilio/status", Webhooks.status(Webhooks.newMessageSid(), "sent")))
            .toList();
    List<CompletableFuture<Duration>> posts =
        requests.stream()
            .map(
                request -> {
                  long start = System.nanoTime();
                  return CLIENT
                      .sendAsync(request, HttpResponse.BodyHandlers.ofString())
                      .thenApply(
                          response -> {
                            assertEquals(503, response.statusCode(), response.body());
                            assertEquals(
                                PublishOutcomeMapper.RETRY_AFTER_SECONDS,
                                response.headers().firstValue("Retry-After").orElse(null));
                            return Duration.ofNanos(System.nanoTime() - start);
                          });
                })
            .toList();
    List<Duration> took = posts.stream().map(CompletableFuture::join).toList();
    assertTrue(
        took.stream().allMatch(t -> t.compareTo(ANSWERED_WITHIN) < 0),
        "every 503 within 3.5 s: " + took);
    Answer ready = HealthCalls.get("/q/health/ready");
    assertEquals(503, ready.status(), ready.body());
    assertTrue(ready.body().contains("the broker has not answered yet"), ready.body());
  }

  private static HttpRequest signed(String path, Map<String, String> params) {
    return HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
        .timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .header(
            "X-Twilio-Signature",
            TwilioSigning.sign(TwilioSigning.PRIMARY, TwilioSigning.PUBLIC_URL + path, params))
        .POST(HttpRequest.BodyPublishers.ofString(Webhooks.formBody(params)))
        .build();
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
