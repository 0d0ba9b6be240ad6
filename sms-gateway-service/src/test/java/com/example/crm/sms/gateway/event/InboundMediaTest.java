package com.example.crm.sms.gateway.event;

import static com.example.crm.sms.gateway.support.Api.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.Db;
import com.example.crm.sms.gateway.support.Events;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** An MMS over the real broker: its media stored once with the text, shown by every message API. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class InboundMediaTest {

  private static final List<Map<String, String>> MEDIA =
      List.of(
          Map.of("url", "https://api.twilio.com/2010-04-01/Media/ME1", "contentType", "image/jpeg"),
          Map.of("url", "https://api.twilio.com/2010-04-01/Media/ME2", "contentType", "video/mp4"));

  @Inject Pool pool;

  @TestHTTPResource("/")
  URL base;

  private static String mms(String sid, String phone, String body) {
    return Events.inboundJson(sid, phone, Map.of("body", body, "media", MEDIA));
  }

  private static List<Map<String, Object>> page(String phone) {
    return given()
        .get("/api/conversations/" + phone + "/messages")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items");
  }

  @Test
  void replayedMmsIsStoredOnceWithItsMediaAndShownByTheApi() {
    String phone = Numbers.fresh();
    String sid = Events.sid();
    // Once in one batch, once more on its own: each time it is the same text.
    Events.publishTogether(
        Topics.INBOUND, phone, List.of(mms(sid, phone, "Pic"), mms(sid, phone, "Pic")));
    Events.publish(Topics.INBOUND, phone, mms(sid, phone, "Pic"));
    Events.publish(
        Topics.INBOUND, phone, Events.textJson(Events.sid(), phone, "Thanks", KeywordKind.NONE));
    // Generous: the first event of a run waits for the consumer to join its group.
    await().atMost(Duration.ofSeconds(60)).until(() -> page(phone).size() == 2);

    var items =
        given().get("/api/conversations/" + phone + "/messages").then().extract().jsonPath();
    String id = items.getString("items[1].id");
    assertEquals(sid, items.getString("items[1].messageSid"));
    assertEquals(List.of(), items.getList("items[0].media"));
    assertEquals(
        List.of(
            Map.of("n", 0, "contentType", "image/jpeg", "url", "/api/messages/" + id + "/media/0"),
            Map.of("n", 1, "contentType", "video/mp4", "url", "/api/messages/" + id + "/media/1")),
        items.getList("items[1].media"));
    assertEquals(items.getList("items[1].media"), Api.message(id).getList("media"));
    assertEquals(
        2,
        Db.count(
            pool, "SELECT count(*) FROM message_media WHERE message_id = $1", UUID.fromString(id)));
  }

  @Test
  void outboundTextsHaveAnEmptyMediaList() {
    String id = Api.queue(Numbers.fresh(), "No pictures");
    assertEquals(List.of(), Api.message(id).getList("media"));
  }

  @Test
  void liveStreamShowsTheMediaOfANewMms() throws Exception {
    String phone = Numbers.fresh();
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "api/conversations/" + phone + "/stream"))
            .header("Accept", "text/event-stream")
            .header("Authorization", Api.authorization())
            .build();
    CompletableFuture<HttpResponse<Stream<String>>> response =
        HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    response.thenAccept(r -> r.body().forEach(lines::add));
    try {
      Thread.sleep(1500);
      Events.publish(Topics.INBOUND, phone, mms(Events.sid(), phone, "Live pic"));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains("Live pic")));
      String data = lines.stream().filter(l -> l.contains("Live pic")).findFirst().orElseThrow();
      assertTrue(
          data.contains(
              "\"media\":[{\"n\":0,\"contentType\":\"image/jpeg\",\"url\":\"/api/messages/"),
          data);
      assertTrue(data.contains("{\"n\":1,\"contentType\":\"video/mp4\""), data);
    } finally {
      response.cancel(true);
    }
  }
}
