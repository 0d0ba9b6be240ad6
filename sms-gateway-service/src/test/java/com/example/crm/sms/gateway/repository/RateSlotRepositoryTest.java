package com.example.crm.sms.gateway.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.gateway.support.Db;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rate-limit slots every replica shares, on the real database. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class RateSlotRepositoryTest {

  private static final double UNLIMITED = 1_000_000;
  // Database time passes between the reservations of a test and other tests use the account row.
  private static final long SLACK_MS = 150;

  @Inject Pool pool;
  @Inject RateSlotRepository slots;

  private long reserve(String sender, int segments, double perSecond, Duration lookahead) {
    return slots
        .reserve(pool, sender, segments, perSecond, UNLIMITED, lookahead)
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  private static void assertAbout(long expected, long actual) {
    assertTrue(
        actual >= expected - SLACK_MS && actual <= expected + SLACK_MS,
        "expected about " + expected + " ms, was " + actual);
  }

  @Test
  void oneSegmentPerSecondSpacesOneSendersTextsASecondApart() {
    String sender = Numbers.fresh();
    assertAbout(0, reserve(sender, 1, 1, Duration.ofSeconds(10)));
    assertAbout(1000, reserve(sender, 1, 1, Duration.ofSeconds(10)));
    assertAbout(2000, reserve(sender, 1, 1, Duration.ofSeconds(10)));
  }

  @Test
  void aThreeSegmentTextTakesThreeSlots() {
    String sender = Numbers.fresh();
    assertAbout(0, reserve(sender, 3, 1, Duration.ofSeconds(10)));
    assertAbout(3000, reserve(sender, 1, 1, Duration.ofSeconds(10)));
  }

  @Test
  void sendersArePacedIndependently() {
    String first = Numbers.fresh();
    String second = Numbers.fresh();
    reserve(first, 1, 1, Duration.ofSeconds(10));
    reserve(first, 1, 1, Duration.ofSeconds(10));
    assertAbout(0, reserve(second, 1, 1, Duration.ofSeconds(10)));
  }

  @Test
  void aSenderPacedIntoTheFutureDoesNotHoldUpTheAccount() {
    String busy = Numbers.fresh();
    String other = Numbers.fresh();
    for (int i = 0; i < 3; i++) {
      slots.reserve(pool, busy, 1, 1, 100, Duration.ofSeconds(10)).await().indefinitely();
    }
    long wait =
        slots.reserve(pool, other, 1, 1, 100, Duration.ofSeconds(10)).await().indefinitely();
    assertTrue(wait < SLACK_MS, "the other sender waits for the account only, not " + wait);
  }

  private long slots(String bucket) {
    return Db.count(pool, "SELECT count(*) FROM rate_slots WHERE bucket = $1", bucket);
  }

  @Test
  void idleSendersSlotsArePurgedRecentOnesAndTheAccountsStay() {
    String idle = Numbers.fresh();
    String recent = Numbers.fresh();
    pool.preparedQuery(
            "INSERT INTO rate_slots (bucket, next_free_at) VALUES ($1, now() - interval '2 hours'),"
                + " ($2, now() - interval '10 minutes'), ('*', now())"
                + " ON CONFLICT (bucket) DO NOTHING")
        .execute(Tuple.of(idle, recent))
        .await()
        .atMost(Duration.ofSeconds(10));
    slots.purgeIdle(pool, Duration.ofHours(1)).await().atMost(Duration.ofSeconds(10));
    assertEquals(0, slots(idle));
    assertEquals(1, slots(recent));
    assertEquals(1, slots(RateSlotRepository.ACCOUNT));
    // A purged sender is paced as before: its next reservation writes its row again.
    assertAbout(0, reserve(idle, 1, 1, Duration.ofSeconds(10)));
    assertAbout(1000, reserve(idle, 1, 1, Duration.ofSeconds(10)));
    assertEquals(1, slots(idle));
  }

  @Test
  void aSlotBeyondTheLookaheadIsNotReserved() {
    String sender = Numbers.fresh();
    reserve(sender, 1, 1, Duration.ofSeconds(2));
    reserve(sender, 1, 1, Duration.ofSeconds(2));
    reserve(sender, 1, 1, Duration.ofSeconds(2));
    assertEquals(-1, reserve(sender, 1, 1, Duration.ofSeconds(2)));
    // Nothing was reserved by the refusal: the next slot is still 3 s out.
    assertAbout(3000, reserve(sender, 1, 1, Duration.ofSeconds(10)));
  }
}
