package com.example.crm.sms.gateway.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.Db;
import com.example.crm.sms.gateway.support.FakeTwilio;
import com.example.crm.sms.gateway.support.FakeTwilio.Recorded;
import com.example.crm.sms.gateway.support.FakeTwilio.Reply;
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
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The reconciler against the fake Twilio: a text stuck in 'sent' past the threshold (default 2h)
 * has its status fetched once and applied like a callback, and no row is locked while Twilio is
 * asked.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class ReconcilerTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final FakeTwilio twilio = FakeTwilio.shared();

  @Inject Pool pool;

  /** A text Twilio accepted {@code minutesAgo} and last reported as sent then. */
  private String insertSent(UUID id, int minutesAgo) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    String sid = "SM" + HexFormat.of().formatHex(bytes);
    pool.preparedQuery(
            "INSERT INTO sms_messages (id, direction, peer_number, to_number, from_number, body,"
                + " status, segments, encoding, message_sid, attempts, created_at, updated_at,"
                + " sent_at) VALUES ($1, 'outbound', $2, $2, $3, 'Hi', 'sent', 1, 'GSM-7', $4, 1,"
                + " now() - make_interval(mins => $5), now() - make_interval(mins => $5), now() - make_interval(mins => $5))")
        .execute(Tuple.of(id, Numbers.fresh(), FakeTwilio.FROM, sid, minutesAgo))
        .await()
        .atMost(Duration.ofSeconds(10));
    return sid;
  }

  private long history(String sid, String status) {
    return Db.count(
        pool,
        "SELECT count(*) FROM message_status_history WHERE message_sid = $1 AND status = $2",
        sid,
        status);
  }

  @Test
  void aTextStuckInSentPastTheThresholdIsFetchedOnceAndSettledWithItsHistory() throws Exception {
    UUID stuck = UUID.randomUUID();
    UUID keptSent = UUID.randomUUID();
    UUID young = UUID.randomUUID();
    String stuckSid = insertSent(stuck, 180);
    String keptSentSid = insertSent(keptSent, 180);
    twilio.scriptFetch(keptSentSid, Reply.fetched(keptSentSid, "sent"));
    String youngSid = insertSent(young, 10);

    Api.awaitStatus(stuck.toString(), "delivered");
    assertEquals(1, history(stuckSid, "delivered"), "recorded like a callback");

    List<Recorded> fetches = twilio.fetchesOf(stuckSid);
    assertEquals(1, fetches.size());
    Recorded fetch = fetches.get(0);
    assertEquals("GET", fetch.method());
    assertEquals(
        "/2010-04-01/Accounts/" + FakeTwilio.ACCOUNT_SID + "/Messages/" + stuckSid + ".json",
        fetch.path());
    assertEquals(
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (FakeTwilio.ACCOUNT_SID + ":" + FakeTwilio.AUTH_TOKEN)
                        .getBytes(StandardCharsets.UTF_8)),
        fetch.authorization());

    // Several reconcile rounds (1 s apart in tests) later:
    Thread.sleep(3000);
    assertEquals(
        1, twilio.fetchesOf(keptSentSid).size(), "a text Twilio keeps at sent is asked once");
    assertEquals("sent", Api.message(keptSent.toString()).getString("status"));
    assertEquals(0, twilio.fetchesOf(youngSid).size(), "a text sent 10 minutes ago is not asked");
    assertEquals("sent", Api.message(young.toString()).getString("status"));
  }

  @Test
  void noRowIsLockedWhileTheCarrierIsAskedAndItsAnswerNeverOverwritesANewerCallback() {
    UUID id = UUID.randomUUID();
    String sid = insertSent(id, 180);
    // Twilio takes a second to answer "delivered" (the read timeout in tests is 1.5 s).
    twilio.scriptFetch(sid, Reply.slow(1000));
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !twilio.fetchesOf(sid).isEmpty());

    // The fetch is in flight: a callback's update of the same row does not wait for a lock.
    long started = System.nanoTime();
    int updated =
        pool.withTransaction(
                tx ->
                    tx.query("SET LOCAL lock_timeout = '300ms'")
                        .execute()
                        .chain(
                            () ->
                                tx.preparedQuery(
                                        "UPDATE sms_messages SET status = 'undelivered',"
                                            + " error_code = 30006, updated_at = now()"
                                            + " WHERE id = $1")
                                    .execute(Tuple.of(id))))
            .await()
            .atMost(Duration.ofSeconds(5))
            .rowCount();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(1, updated);
    assertTrue(tookMillis < 1000, "the update waited " + tookMillis + " ms");
    assertEquals(1, twilio.fetchesOf(sid).size(), "still the one fetch in flight");

    // Twilio's late "delivered" goes to the history, but the row only moves forward.
    await().atMost(Duration.ofSeconds(10)).until(() -> history(sid, "delivered") == 1);
    assertEquals("undelivered", Api.message(id.toString()).getString("status"));
  }
}
