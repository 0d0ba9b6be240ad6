package com.example.crm.sms.gateway.rest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Live updates: the SSE stream of a conversation, fed by PostgreSQL LISTEN/NOTIFY. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class ConversationStreamTest {

  @TestHTTPResource("/")
  URL base;

  @Test
  void streamReceivesTheNewMessageAndItsStatusChange() throws Exception {
    String to = Numbers.fresh();
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "api/conversations/" + to + "/stream"))
            .header("Accept", "text/event-stream")
            .header("Authorization", Api.authorization())
            .build();
    CompletableFuture<HttpResponse<Stream<String>>> response =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    response.thenAccept(r -> r.body().forEach(lines::add));
    try {
      Thread.sleep(1500);
      String id = Api.queue(to, "Live");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  lines.stream()
                      .anyMatch(
                          l ->
                              l.startsWith("data:")
                                  && l.contains(id)
                                  && l.contains("\"messageSid\":\"SM")));
      assertTrue(
          lines.contains("event:message") || lines.contains("event: message"), lines.toString());
      // One event for the new message, one for the change Twilio's answer made (each carries the
      // message as it is when the notification is read).
      assertTrue(
          lines.stream().filter(l -> l.startsWith("data:") && l.contains(id)).count() >= 2,
          lines.toString());
    } finally {
      response.cancel(true);
    }
  }
}
