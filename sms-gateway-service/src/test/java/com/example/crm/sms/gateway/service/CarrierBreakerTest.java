package com.example.crm.sms.gateway.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.gateway.client.SendOutcome;
import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import java.net.URL;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

/**
 * The carrier's breaker (SmallRye Fault Tolerance needs the application running): consecutive
 * failures open it, a success resets the count, half-open it lets exactly one trial through, and
 * the application's breaker shows its state in the metrics.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class CarrierBreakerTest {

  private static final SendOutcome DOWN = new SendOutcome.Retryable("cannot connect");
  private static final SendOutcome TIMEOUT = new SendOutcome.Unknown("timeout");
  private static final SendOutcome SENT = new SendOutcome.Accepted("SM1", "queued", null, null);
  private static final SendOutcome REFUSED = new SendOutcome.Rejected(21211, "invalid number");

  /** The management interface's root (Quarkus's /q). */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void theCarriersBreakerStateIsInTheMetrics() {
    // A send, so the breaker has been used at least once.
    Api.awaitMessage(Api.queue(Numbers.fresh(), "Hi"), m -> m.getString("messageSid") != null);
    String metrics =
        given()
            .get(management.toString().replaceAll("/$", "") + "/metrics")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertTrue(
        metrics
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("ft_circuitbreaker_state_current{")
                        && l.contains("method=\"" + CarrierBreaker.NAME + "\"")
                        && l.contains("state=\"closed\"")
                        && l.endsWith(" 1.0")),
        () -> metrics.lines().filter(l -> l.startsWith("ft_")).toList().toString());
  }

  private static CarrierBreaker breaker(int threshold, Duration open) {
    return new CarrierBreaker("test-" + UUID.randomUUID(), threshold, open);
  }

  /** Whether the breaker let the send through (the carrier answering {@code answer}). */
  private static boolean sends(CarrierBreaker breaker, SendOutcome answer) {
    AtomicBoolean ran = new AtomicBoolean();
    try {
      SendOutcome outcome =
          breaker
              .call(
                  () -> {
                    ran.set(true);
                    return Uni.createFrom().item(answer);
                  })
              .await()
              .atMost(Duration.ofSeconds(5));
      assertSame(answer, outcome, "the carrier's answer comes back as it is");
      return true;
    } catch (CircuitBreakerOpenException e) {
      assertFalse(ran.get(), "a prevented send never reaches the carrier");
      return false;
    }
  }

  @Test
  void opensAfterTheThresholdOfConsecutiveFailures() {
    CarrierBreaker breaker = breaker(3, Duration.ofMinutes(1));
    assertTrue(sends(breaker, DOWN));
    assertTrue(sends(breaker, TIMEOUT));
    assertEquals(CircuitBreakerState.CLOSED, breaker.state());
    assertTrue(sends(breaker, DOWN));
    assertEquals(CircuitBreakerState.OPEN, breaker.state());
    assertFalse(sends(breaker, SENT));
  }

  @Test
  void aSuccessOrARejectionResetsTheCount() {
    CarrierBreaker breaker = breaker(2, Duration.ofMinutes(1));
    assertTrue(sends(breaker, DOWN));
    assertTrue(sends(breaker, SENT));
    assertTrue(sends(breaker, DOWN));
    assertEquals(CircuitBreakerState.CLOSED, breaker.state());
    assertTrue(sends(breaker, REFUSED), "a 4xx is the carrier working");
    assertTrue(sends(breaker, DOWN));
    assertEquals(CircuitBreakerState.CLOSED, breaker.state());
  }

  @Test
  void halfOpenLetsOneTrialThroughWhichClosesOrReopensIt() {
    Duration open = Duration.ofMillis(300);
    CarrierBreaker breaker = breaker(1, open);
    assertTrue(sends(breaker, DOWN));
    assertEquals(CircuitBreakerState.OPEN, breaker.state());
    assertFalse(sends(breaker, SENT));
    awaitHalfOpen(breaker);

    // One trial in flight: no second send meanwhile.
    CompletableFuture<SendOutcome> trial = new CompletableFuture<>();
    CompletableFuture<SendOutcome> trialOutcome =
        breaker.call(() -> Uni.createFrom().completionStage(trial)).subscribeAsCompletionStage();
    assertFalse(sends(breaker, SENT), "only one trial while half-open");
    trial.complete(DOWN);
    assertSame(DOWN, trialOutcome.join());
    assertEquals(CircuitBreakerState.OPEN, breaker.state(), "a failed trial opens it again");
    assertFalse(sends(breaker, SENT));

    awaitHalfOpen(breaker);
    assertTrue(sends(breaker, SENT));
    assertEquals(CircuitBreakerState.CLOSED, breaker.state());
    assertTrue(sends(breaker, SENT));
    assertTrue(sends(breaker, SENT));
  }

  private static void awaitHalfOpen(CarrierBreaker breaker) {
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> breaker.state() == CircuitBreakerState.HALF_OPEN);
  }
}
