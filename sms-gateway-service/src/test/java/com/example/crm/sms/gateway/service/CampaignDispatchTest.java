package com.example.crm.sms.gateway.service;

import static com.example.crm.sms.gateway.support.Api.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.gateway.client.CarrierClient;
import com.example.crm.sms.gateway.config.GatewayConfig;
import com.example.crm.sms.gateway.repository.MessageRepository;
import com.example.crm.sms.gateway.support.Campaigns;
import com.example.crm.sms.gateway.support.Events;
import com.example.crm.sms.gateway.support.FakeTwilio;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.gateway.support.SseClient;
import com.example.crm.sms.gateway.support.TestClock;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Campaigns through the real dispatcher, outbox and broker, asserted against the fake Twilio's
 * requests: each eligible number once, opt-outs skipped (when added and at send time), pause and
 * resume, two replicas, quiet hours, one-to-one texts first. The test clock stands at 10:00 in New
 * York (the +1 239 numbers' zone) unless a test moves it.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class CampaignDispatchTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private final FakeTwilio twilio = FakeTwilio.shared();

  @Inject Pool pool;
  @Inject TestClock clock;
  @Inject Vertx vertx;
  @Inject CarrierClient carrier;
  @Inject MessageRepository messages;
  @Inject SendPacing pacing;
  @Inject SendPipeline pipeline;
  @Inject CarrierBreaker breaker;
  @Inject QuietHoursGate quietHours;
  @Inject GatewayConfig config;

  @TestHTTPResource("/")
  URL base;

  @BeforeEach
  void daytimeInNewYork() {
    clock.advanceToNext(LocalTime.of(10, 0), NEW_YORK);
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  private static List<String> fresh(int n) {
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      numbers.add(Numbers.fresh());
    }
    return numbers;
  }

  private void optOut(String number) {
    pool.preparedQuery(
            "INSERT INTO opt_outs (phone_e164, opted_out, source) VALUES ($1, true, 'keyword')")
        .execute(Tuple.of(number))
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  private long sendsTo(List<String> numbers) {
    Set<String> set = Set.copyOf(numbers);
    return twilio.requests().stream()
        .filter(r -> r.method().equals("POST") && set.contains(r.form().get("To")))
        .count();
  }

  private void assertEachSentOnce(List<String> numbers) {
    Map<String, Long> creates =
        twilio.requests().stream()
            .filter(r -> r.method().equals("POST"))
            .map(r -> r.form().get("To"))
            .filter(Set.copyOf(numbers)::contains)
            .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
    for (String n : numbers) {
      assertEquals(1L, creates.getOrDefault(n, 0L), "creates to " + n);
    }
  }

  @Test
  void aCampaignOfAThousandSendsEachEligibleNumberOnceWithItsOwnBody() {
    List<String> numbers = fresh(900);
    List<String> optedOut = numbers.subList(0, 10);
    optedOut.forEach(this::optOut);
    List<Map<String, Object>> recipients = new ArrayList<>();
    for (int i = 0; i < numbers.size(); i++) {
      String n = numbers.get(i);
      recipients.add(
          i % 2 == 0 ? Campaigns.to(n, Map.of("firstName", "Ann" + i)) : Campaigns.to(n));
    }
    // 100 more entries: the same numbers again, half as written before, half in national format.
    for (int i = 0; i < 100; i++) {
      String n = numbers.get(100 + i * 7);
      recipients.add(Campaigns.to(i % 2 == 0 ? n : Campaigns.national(n)));
    }
    assertEquals(1000, recipients.size());

    JsonPath created =
        Campaigns.create("Hi {firstName|there}, we are open Saturday", recipients, true);
    String id = created.getString("id");
    assertEquals("sending", created.getString("status"));
    assertEquals(900, created.getInt("counts.total"));
    assertEquals(10, created.getInt("counts.skipped"));
    assertEquals(900, created.getInt("segments.estimated"));

    JsonPath done = Campaigns.awaitStatus(id, "completed");
    List<String> eligible = numbers.subList(10, numbers.size());
    assertEachSentOnce(eligible);
    assertEquals(0, sendsTo(optedOut), "opted-out numbers get nothing");
    assertEquals(890, done.getInt("counts.sent") + done.getInt("counts.delivered"));
    assertEquals(10, done.getInt("counts.skipped"));
    assertEquals(0, done.getInt("counts.queued") + done.getInt("counts.held"));
    assertEquals(890, done.getInt("segments.actual"));

    // Each recipient's own body, merged after the dedupe (the first entry of a number wins).
    Map<String, String> bodies =
        twilio.requests().stream()
            .filter(r -> r.method().equals("POST") && eligible.contains(r.form().get("To")))
            .collect(Collectors.toMap(r -> r.form().get("To"), r -> r.form().get("Body")));
    assertEquals("Hi Ann10, we are open Saturday", bodies.get(numbers.get(10)));
    assertEquals("Hi there, we are open Saturday", bodies.get(numbers.get(11)));

    List<Map<String, Object>> all = Campaigns.recipients(id, null);
    assertEquals(900, all.size());
    assertEquals(900, all.stream().map(r -> r.get("to")).distinct().count());
    List<Map<String, Object>> skipped = Campaigns.recipients(id, "skipped");
    assertEquals(
        Set.copyOf(optedOut), skipped.stream().map(r -> r.get("to")).collect(Collectors.toSet()));
    skipped.forEach(r -> assertNull(r.get("messageId"), "a skipped recipient has no text"));
  }

  @Test
  void aStopDuringACampaignStopsTheRestForThatNumber() {
    List<String> numbers = fresh(400);
    String id =
        Campaigns.create("Open Saturday", numbers.stream().map(Campaigns::to).toList(), true)
            .getString("id");
    Campaigns.act(id, "pause", 200);
    awaitNoNewSends(numbers);
    String stopper = (String) Campaigns.recipients(id, "queued").get(0).get("to");

    Events.inbound(Events.sid(), stopper, "STOP", KeywordKind.OPT_OUT);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                given()
                    .get("/api/opt-outs/" + stopper)
                    .then()
                    .extract()
                    .jsonPath()
                    .getBoolean("optedOut"));
    Campaigns.act(id, "resume", 200);
    JsonPath done = Campaigns.awaitStatus(id, "completed");

    assertEquals(0, twilio.sendsTo(stopper).size(), "no text after the STOP");
    assertEachSentOnce(numbers.stream().filter(n -> !n.equals(stopper)).toList());
    assertEquals(1, done.getInt("counts.skipped"));
    assertEquals(
        List.of(stopper),
        Campaigns.recipients(id, "skipped").stream().map(r -> r.get("to")).toList());
  }

  /** Waits until the sends to {@code numbers} stop growing (texts whose send had started). */
  private long awaitNoNewSends(List<String> numbers) {
    long[] last = {-1};
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              long now = sendsTo(numbers);
              boolean still = now == last[0];
              last[0] = now;
              return still;
            });
    return last[0];
  }

  @Test
  void aPauseStopsHandOversWithinATickAndResumeSendsTheRest() {
    List<String> numbers = fresh(400);
    String id =
        Campaigns.create("Open Saturday", numbers.stream().map(Campaigns::to).toList(), true)
            .getString("id");
    await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo(numbers) >= 20);
    assertEquals("paused", Campaigns.act(id, "pause", 200).getString("status"));
    // Texts whose send had started when the pause came still go; nothing after them.
    long atPause = awaitNoNewSends(numbers);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> sendsTo(numbers) == atPause);
    assertTrue(atPause < numbers.size(), "paused mid-campaign: " + atPause);
    assertEquals("paused", Campaigns.get(id).getString("status"));

    assertEquals("sending", Campaigns.act(id, "resume", 200).getString("status"));
    Campaigns.awaitStatus(id, "completed");
    assertEachSentOnce(numbers);
    Campaigns.act(id, "resume", 409);
  }

  @Test
  void twoDispatcherReplicasOnOneCampaignSendNoTextTwice() {
    DispatchLoop second =
        new DispatchLoop(
            pool, vertx, carrier, messages, pacing, pipeline, breaker, quietHours, clock, config);
    second.start();
    try {
      List<String> numbers = fresh(600);
      String id =
          Campaigns.create("Open Saturday", numbers.stream().map(Campaigns::to).toList(), true)
              .getString("id");
      Campaigns.awaitStatus(id, "completed");
      assertEachSentOnce(numbers);
    } finally {
      second.stop();
    }
  }

  @Test
  void campaignTextsAreHeldOutsideQuietHoursAndGoWhenTheWindowOpens() {
    clock.advanceToNext(LocalTime.of(22, 0), NEW_YORK);
    Instant opens =
        ZonedDateTime.ofInstant(clock.instant(), NEW_YORK)
            .plusDays(1)
            .with(LocalTime.of(8, 0))
            .toInstant();
    List<String> numbers = fresh(3);
    String id =
        Campaigns.create("Open Saturday", numbers.stream().map(Campaigns::to).toList(), true)
            .getString("id");
    JsonPath held = Campaigns.until(id, c -> c.getInt("counts.held") == 3);
    assertEquals("sending", held.getString("status"));
    for (Map<String, Object> r : Campaigns.recipients(id, "held")) {
      assertEquals(opens.toString(), r.get("heldUntil"));
      JsonPath message =
          com.example.crm.sms.gateway.support.Api.message((String) r.get("messageId"));
      assertEquals("scheduled", message.getString("status"));
      assertEquals(opens.toString(), message.getString("heldUntil"));
      assertEquals(id, message.getString("campaignId"));
    }
    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(3))
        .until(() -> sendsTo(numbers) == 0);

    clock.advance(Duration.between(clock.instant(), opens).plusSeconds(1));
    Campaigns.awaitStatus(id, "completed");
    assertEachSentOnce(numbers);
  }

  @Test
  void aOneToOneTextGoesBeforeTheCampaignTextsQueuedAheadOfIt() {
    List<String> numbers = fresh(300);
    String id =
        Campaigns.create("Open Saturday", numbers.stream().map(Campaigns::to).toList(), false)
            .getString("id");
    Campaigns.act(id, "start", 200);
    String reply = Numbers.fresh();
    com.example.crm.sms.gateway.support.Api.queue(reply, "Yes, 3pm works");
    Campaigns.awaitStatus(id, "completed");
    await().atMost(Duration.ofSeconds(20)).until(() -> twilio.sendsTo(reply).size() == 1);

    List<String> order =
        twilio.requests().stream()
            .filter(r -> r.method().equals("POST"))
            .map(r -> r.form().get("To"))
            .filter(t -> t.equals(reply) || numbers.contains(t))
            .toList();
    int position = order.indexOf(reply);
    // Claimed in the first round after it was queued, ahead of every campaign text still queued.
    assertTrue(position < 150, "the reply went out as number " + position + " of " + order.size());
  }

  @Test
  void theStreamSendsTheCampaignAtOnceAndAgainAsItsCountsChange() {
    List<String> numbers = fresh(200);
    String id =
        Campaigns.create("Open Saturday", numbers.stream().map(Campaigns::to).toList(), false)
            .getString("id");
    try (SseClient stream = SseClient.open(base, "/api/campaigns/" + id + "/stream")) {
      await().atMost(Duration.ofSeconds(10)).until(() -> stream.received("\"status\":\"draft\""));
      List<String> lines = stream.lines();
      assertTrue(
          lines.contains("event:campaign") || lines.contains("event: campaign"), lines.toString());
      Campaigns.act(id, "start", 200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> stream.received("\"status\":\"completed\""));
      assertTrue(stream.received("\"status\":\"sending\""), "the start was streamed too");
    }
  }

  @Test
  void theSameIdempotencyKeyAnswersTheSameCampaign() {
    String key = "campaign-" + Numbers.fresh();
    Map<String, Object> request = new HashMap<>();
    request.put("name", "Once");
    request.put("body", "Hi {firstName|there}");
    request.put("recipients", List.of(Campaigns.to(Numbers.fresh())));
    String first = post(request, key).then().statusCode(202).extract().path("id");
    String again = post(request, key).then().statusCode(202).extract().path("id");
    assertEquals(first, again);
    assertEquals(1, Campaigns.get(first).getInt("counts.total"));
    request.put("body", "Another text");
    post(request, key)
        .then()
        .statusCode(422)
        .body("field", org.hamcrest.Matchers.equalTo("Idempotency-Key"));
  }

  private static io.restassured.response.Response post(Map<String, Object> request, String key) {
    return given()
        .contentType(ContentType.JSON)
        .header("Idempotency-Key", key)
        .body(request)
        .post("/api/campaigns");
  }

  @Test
  void recipientsAreAddedWhileDraftEachNumberOnceAndRefusedOnceSending() {
    List<String> numbers = fresh(3);
    String id =
        Campaigns.create("Open Saturday", List.of(Campaigns.to(numbers.get(0))), false)
            .getString("id");
    JsonPath added =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "recipients",
                    List.of(
                        Campaigns.to(Campaigns.national(numbers.get(0))),
                        Campaigns.to(numbers.get(1)),
                        Campaigns.to(numbers.get(2)))))
            .post("/api/campaigns/" + id + "/recipients")
            .then()
            .statusCode(202)
            .extract()
            .jsonPath();
    assertEquals("draft", added.getString("status"));
    assertEquals(3, added.getInt("counts.total"));
    Campaigns.act(id, "start", 200);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("recipients", List.of(Campaigns.to(Numbers.fresh()))))
        .post("/api/campaigns/" + id + "/recipients")
        .then()
        .statusCode(409);
    Campaigns.awaitStatus(id, "completed");
    assertEachSentOnce(numbers);
  }

  @Test
  void cancelingACampaignCancelsTheTextsNotYetHandedOver() {
    clock.advanceToNext(LocalTime.of(22, 0), NEW_YORK);
    List<String> numbers = fresh(5);
    String id =
        Campaigns.create("Open Saturday", numbers.stream().map(Campaigns::to).toList(), true)
            .getString("id");
    Campaigns.until(id, c -> c.getInt("counts.held") == 5);
    JsonPath canceled = Campaigns.act(id, "cancel", 200);
    assertEquals("canceled", canceled.getString("status"));
    assertEquals(5, canceled.getInt("counts.canceled"));
    clock.advance(Duration.ofHours(12));
    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(3))
        .until(() -> sendsTo(numbers) == 0);
    Campaigns.act(id, "start", 409);
    assertNotNull(Campaigns.get(id).getString("updatedAt"));
  }
}
