package com.example.crm.sms.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The health checks answer from cached state without a worker thread: with every worker busy (as
 * under a burst of blocking request work) readiness and liveness still answer, where a synchronous
 * check waited for a free worker and the kubelet's probe timed out (issue 18).
 */
@QuarkusTest
@TestProfile(HealthWithBusyWorkersTest.FewWorkers.class)
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class HealthWithBusyWorkersTest {

  private static final int WORKERS = 4;

  /**
   * A small worker pool, so a test can keep all of it busy; nothing else runs in the background.
   * The database counts as down only after a minute: this test is about the answer coming, and a
   * busy machine delayed the background probe past the test profile's 2 s.
   */
  public static class FewWorkers implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.thread-pool.max-threads", String.valueOf(WORKERS),
          "sms.health.database.down-after", "1m",
          "sms.gateway.dispatcher.enabled", "false",
          "sms.gateway.relay.enabled", "false");
    }
  }

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @ParameterizedTest(name = "{0} answers UP while every worker is busy")
  @ValueSource(strings = {"health/ready", "health/live"})
  void answersWhileEveryWorkerIsBusy(String path) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(WORKERS);
    // More tasks than workers: the pool is full and tasks queue, as behind a convoy of requests.
    for (int i = 0; i < 2 * WORKERS; i++) {
      Infrastructure.getDefaultWorkerPool()
          .execute(
              () -> {
                busy.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
    }
    try {
      assertTrue(busy.await(10, java.util.concurrent.TimeUnit.SECONDS), "the workers are busy");
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(management.toString().replaceAll("/$", "") + "/" + path))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode(), answer.body());
      assertTrue(answer.body().contains("\"UP\""), answer.body());
    } finally {
      release.countDown();
    }
  }
}
