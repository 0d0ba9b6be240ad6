package com.example.crm.sms.gateway.rest;

import static com.example.crm.sms.gateway.support.Api.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.Topics;
import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.Events;
import com.example.crm.sms.gateway.support.FakeMedia;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.security.Roles;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.oidc.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GET /api/messages/{id}/media/{n}: the proxy fetches an inbound text's media from the carrier's
 * hosts (FakeMedia) with the account's credentials, only from allowed hosts, within the size limit
 * and the timeout, and answers 502 or 504 problems otherwise.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class MediaProxyTest {

  private static final FakeMedia MEDIA = FakeMedia.shared();

  /** One inbound text whose items are these cases, item n being case n. */
  private static final List<Case> CASES = new ArrayList<>();

  private static String messageId;

  /**
   * @param url the stored media URL
   * @param status the proxy's answer
   * @param contentType the answer's type (a problem for an error)
   * @param neverRequested a path of the forbidden host that must see no request, or null
   */
  record Case(
      String name,
      String url,
      String storedType,
      int status,
      String contentType,
      String disposition,
      String neverRequested) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case ok(String name, String url, String type, String disposition) {
    return new Case(name, url, type, 200, type, disposition, null);
  }

  private static Case fails(String name, String url, int status, String neverRequested) {
    return new Case(
        name, url, "image/png", status, "application/problem+json", null, neverRequested);
  }

  static {
    CASES.add(ok("picture", MEDIA.api().url("/media/picture"), "image/png", "inline"));
    CASES.add(ok("document", MEDIA.api().url("/media/document"), "application/pdf", "attachment"));
    CASES.add(ok("redirect to the CDN", MEDIA.api().url("/media/to-cdn"), "image/png", "inline"));
    CASES.add(
        fails(
            "redirect to a host not allowed",
            MEDIA.api().url("/media/to-forbidden"),
            502,
            "/stolen"));
    CASES.add(fails("a host not allowed", MEDIA.forbidden().url("/direct"), 502, "/direct"));
    CASES.add(fails("oversized", MEDIA.api().url("/media/oversized"), 502, null));
    CASES.add(fails("oversized, chunked", MEDIA.api().url("/media/oversized-chunked"), 502, null));
    CASES.add(fails("slow", MEDIA.api().url("/media/slow"), 504, null));
    CASES.add(fails("carrier 404", MEDIA.api().url("/media/missing"), 502, null));
    CASES.add(fails("redirect loop", MEDIA.api().url("/media/loop"), 502, null));
    CASES.add(fails("plain http to an https host", "http://api.twilio.com/media/x", 502, null));
    CASES.add(
        ok("picture, chunked", MEDIA.api().url("/media/picture-chunked"), "image/png", "inline"));
  }

  static Stream<Arguments> cases() {
    return CASES.stream().map(c -> Arguments.of(CASES.indexOf(c), c));
  }

  /** The text holding every case's item, published once over the broker. */
  private static synchronized String message() {
    if (messageId == null) {
      String phone = Numbers.fresh();
      List<Map<String, String>> media =
          CASES.stream().map(c -> Map.of("url", c.url(), "contentType", c.storedType())).toList();
      Events.publish(
          Topics.INBOUND,
          phone,
          Events.inboundJson(Events.sid(), phone, Map.of("body", "Look", "media", media)));
      messageId = awaitOnly(phone);
    }
    return messageId;
  }

  static String awaitOnly(String phone) {
    Supplier<List<String>> ids =
        () ->
            given()
                .get("/api/conversations/" + phone + "/messages")
                .then()
                .extract()
                .jsonPath()
                .getList("items.id");
    // Generous: the first event of a run waits for the consumer to join its group.
    await().atMost(Duration.ofSeconds(60)).until(() -> ids.get().size() == 1);
    return ids.get().get(0);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("cases")
  void mediaItemIsProxiedOrRefused(int n, Case c) {
    String id = message();
    long started = System.nanoTime();
    Response r = given().get("/api/messages/" + id + "/media/" + n);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertEquals(c.status(), r.statusCode(), c.name() + ": " + r.asString());
    assertTrue(r.contentType().startsWith(c.contentType()), r.contentType());
    if (c.status() == 200) {
      assertEquals(c.disposition(), r.header("Content-Disposition"));
      assertEquals("nosniff", r.header("X-Content-Type-Options"));
      assertEquals("private, max-age=3600", r.header("Cache-Control"));
      if (c.contentType().equals("image/png")) {
        assertArrayEquals(FakeMedia.PNG, r.asByteArray());
      }
    } else {
      r.then().body("status", equalTo(c.status()));
    }
    if (c.status() == 504) {
      // SMS_GATEWAY_MEDIA_TIMEOUT is 1.5 s in the tests; the carrier would take 6 s.
      assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "took " + took);
    }
    if (c.neverRequested() != null) {
      assertEquals(0, MEDIA.forbidden().requests(c.neverRequested()));
    }
  }

  @Test
  void theCdnGetsNoCredentialsAndTheApiHostGetsThem() {
    String id = message();
    given().get("/api/messages/" + id + "/media/2").then().statusCode(200);
    // The fake CDN answers 400 to a request with credentials, the API host 401 to one without.
    assertTrue(MEDIA.cdn().requests("/signed/picture") >= 1);
  }

  @Test
  void unknownMessageOrItemIsNotFound() {
    String id = message();
    for (String path :
        List.of(
            "/api/messages/" + UUID.randomUUID() + "/media/0",
            "/api/messages/" + id + "/media/" + CASES.size(),
            "/api/messages/" + id + "/media/-1",
            "/api/messages/" + id + "/media/first")) {
      given()
          .get(path)
          .then()
          .statusCode(404)
          .contentType("application/problem+json")
          .body("status", equalTo(404));
    }
  }

  @Test
  void theSimulatedCarriersMediaIsNotServedWhileTwilioIsTheCarrier() {
    RestAssured.given().get("/simulated-carrier/media/sample.png").then().statusCode(404);
  }

  @Test
  void mediaNeedsSignInAndTheViewerRoleIsEnough() {
    String id = message();
    RestAssured.given()
        .get("/api/messages/" + id + "/media/0")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    String viewer = TestTokens.token("media-viewer", "Media Viewer", Roles.VIEWER);
    Api.as(viewer).get("/api/messages/" + id + "/media/0").then().statusCode(200);
  }
}
