package com.example.crm.sms.gateway.service;

import static com.example.crm.sms.gateway.support.Api.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.Db;
import com.example.crm.sms.gateway.support.FakeTwilio;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.gateway.support.TestClock;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scheduled single texts: sent at their time and not before (the test clock moves instead of the
 * test waiting), canceled before the hand-over and not after, held for quiet hours; merge fields.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class ScheduledTextTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private final FakeTwilio twilio = FakeTwilio.shared();

  @Inject TestClock clock;
  @Inject Pool pool;

  @BeforeEach
  void daytimeInNewYork() {
    clock.advanceToNext(LocalTime.of(10, 0), NEW_YORK);
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  private static String at(Instant instant) {
    return instant.atOffset(ZoneOffset.ofHours(-5)).toString();
  }

  private static JsonPath schedule(String to, String body, Instant sendAt) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("to", to, "body", body, "sendAt", at(sendAt)))
        .post("/api/messages")
        .then()
        .statusCode(202)
        .extract()
        .jsonPath();
  }

  private void assertNothingSentFor(String to, Duration during) {
    await().during(during).atMost(during.plusSeconds(2)).until(() -> twilio.sendsTo(to).isEmpty());
  }

  @Test
  void aScheduledTextGoesOutAtItsTimeAndNotBefore() {
    String to = Numbers.fresh();
    Instant sendAt = clock.instant().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
    JsonPath scheduled = schedule(to, "Your viewing is tomorrow at 3pm", sendAt);
    assertEquals("scheduled", scheduled.getString("status"));
    assertEquals(sendAt.toString(), scheduled.getString("sendAt"));
    assertNull(scheduled.getString("heldUntil"));
    String id = scheduled.getString("id");

    // Many dispatcher rounds (50 ms apart) pass; the clock says it is not time yet.
    clock.advance(Duration.ofMinutes(9));
    assertNothingSentFor(to, Duration.ofSeconds(1));
    assertEquals("scheduled", Api.message(id).getString("status"));

    clock.advance(Duration.ofMinutes(1));
    JsonPath sent = Api.awaitMessage(id, m -> m.getString("messageSid") != null);
    assertEquals(1, twilio.sendsTo(to).size());
    assertEquals("Your viewing is tomorrow at 3pm", twilio.sendsTo(to).get(0).form().get("Body"));
    assertEquals(sendAt.toString(), sent.getString("sendAt"));
  }

  @Test
  void aScheduledTextCanceledBeforeItsTimeIsNeverSent() {
    String to = Numbers.fresh();
    String id =
        schedule(to, "Reminder", clock.instant().plus(Duration.ofMinutes(5))).getString("id");
    given()
        .post("/api/messages/" + id + "/cancel")
        .then()
        .statusCode(200)
        .body("status", equalTo("canceled"))
        .body("errorMessage", equalTo("Canceled by " + Api.ADMIN_NAME));
    clock.advance(Duration.ofMinutes(6));
    assertNothingSentFor(to, Duration.ofSeconds(1));
    assertEquals("canceled", Api.message(id).getString("status"));
    // Canceled is final: a second cancel is refused.
    given().post("/api/messages/" + id + "/cancel").then().statusCode(409);
  }

  @Test
  void aTextHandedToTheCarrierCannotBeCanceled() {
    String to = Numbers.fresh();
    String id = Api.queue(to, "Sent right away");
    Api.awaitMessage(id, m -> m.getString("messageSid") != null);
    given()
        .post("/api/messages/" + id + "/cancel")
        .then()
        .statusCode(409)
        .contentType(startsWith("application/problem+json"));
    assertEquals(1, twilio.sendsTo(to).size());
  }

  @Test
  void cancelingAnUnknownTextIs404() {
    given().post("/api/messages/" + java.util.UUID.randomUUID() + "/cancel").then().statusCode(404);
  }

  @Test
  void aScheduledTextDueAfterNineInTheEveningIsHeldUntilEightInTheMorning() {
    clock.advanceToNext(LocalTime.of(20, 50), NEW_YORK);
    String to = Numbers.fresh();
    Instant sendAt = clock.instant().plus(Duration.ofMinutes(15));
    String id = schedule(to, "Late reminder", sendAt).getString("id");
    Instant opens =
        ZonedDateTime.ofInstant(sendAt, NEW_YORK).plusDays(1).with(LocalTime.of(8, 0)).toInstant();

    clock.advance(Duration.ofMinutes(16));
    JsonPath held = Api.awaitMessage(id, m -> m.getString("heldUntil") != null);
    assertEquals("scheduled", held.getString("status"));
    assertEquals(opens.toString(), held.getString("heldUntil"));
    assertNothingSentFor(to, Duration.ofMillis(700));

    clock.advance(Duration.between(clock.instant(), opens).plusSeconds(1));
    JsonPath sent = Api.awaitMessage(id, m -> m.getString("messageSid") != null);
    assertNull(sent.getString("heldUntil"), "a text that went is no longer held");
    assertEquals(1, twilio.sendsTo(to).size());
  }

  @Test
  void aTextSentByHandAtNightIsNotHeld() {
    clock.advanceToNext(LocalTime.of(23, 30), NEW_YORK);
    String to = Numbers.fresh();
    String id = Api.queue(to, "Yes, we are still open");
    JsonPath sent = Api.awaitMessage(id, m -> m.getString("messageSid") != null);
    assertNull(sent.getString("heldUntil"));
    assertNull(sent.getString("sendAt"));
  }

  @Test
  void mergeFieldsAreFilledBeforeSegmentsAreCounted() {
    String to = Numbers.fresh();
    JsonPath m =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "to",
                    to,
                    "body",
                    "Hi {firstName|there} from {company}",
                    "fields",
                    Map.of("firstName", "Zoë")))
            .post("/api/messages")
            .then()
            .statusCode(202)
            .extract()
            .jsonPath();
    assertEquals("Hi Zoë from ", m.getString("body"));
    assertEquals("UCS-2", m.getString("encoding"));
    Api.awaitMessage(m.getString("id"), x -> x.getString("messageSid") != null);
    assertEquals("Hi Zoë from ", twilio.sendsTo(to).get(0).form().get("Body"));
  }

  static Stream<Arguments> badRequests() {
    Function<Instant, String> inThirtySeconds = now -> at(now.plusSeconds(30));
    return Stream.of(
        Arguments.of("sendAt 30 s ahead", "sendAt", inThirtySeconds, "Hi"),
        Arguments.of(
            "sendAt 36 days ahead",
            "sendAt",
            (Function<Instant, String>) n -> at(n.plus(Duration.ofDays(36))),
            "Hi"),
        Arguments.of(
            "sendAt in the past",
            "sendAt",
            (Function<Instant, String>) n -> at(n.minusSeconds(3600)),
            "Hi"),
        Arguments.of(
            "sendAt without an offset",
            "sendAt",
            (Function<Instant, String>)
                n -> n.plus(Duration.ofHours(1)).toString().replace("Z", ""),
            "Hi"),
        Arguments.of(
            "sendAt that is no time", "sendAt", (Function<Instant, String>) n -> "tomorrow", "Hi"),
        Arguments.of(
            "an unknown merge field",
            "body",
            (Function<Instant, String>) n -> null,
            "Hi {nickname}"));
  }

  @ParameterizedTest(name = "{0} is a 422 naming {1} and writes nothing")
  @MethodSource("badRequests")
  void aBadScheduleOrTemplateIs422NamingTheField(
      String name, String field, Function<Instant, String> sendAt, String body) {
    String to = Numbers.fresh();
    Map<String, Object> request = new HashMap<>();
    request.put("to", to);
    request.put("body", body);
    String at = sendAt.apply(clock.instant());
    if (at != null) {
      request.put("sendAt", at);
    }
    given()
        .contentType(ContentType.JSON)
        .body(request)
        .post("/api/messages")
        .then()
        .statusCode(422)
        .body("field", equalTo(field));
    assertEquals(0, Db.count(pool, "SELECT count(*) FROM sms_messages WHERE peer_number = $1", to));
  }
}
