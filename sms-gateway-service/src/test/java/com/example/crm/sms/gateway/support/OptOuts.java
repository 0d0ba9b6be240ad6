package com.example.crm.sms.gateway.support;

import static org.awaitility.Awaitility.await;

import com.example.crm.sms.events.KeywordKind;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;

/** Numbers opted out, as a STOP leaves them. */
public final class OptOuts {

  private OptOuts() {}

  /** The row a STOP from {@code phone} leaves, written directly (no broker round trip). */
  public static void byKeyword(Pool pool, String phone) {
    pool.preparedQuery(
            "INSERT INTO opt_outs (phone_e164, opted_out, source, updated_at, updated_by)"
                + " VALUES ($1, true, 'keyword', now(), $1) ON CONFLICT (phone_e164) DO UPDATE"
                + " SET opted_out = true, source = 'keyword', updated_at = now(), reason = NULL")
        .execute(Tuple.of(phone))
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  /** {@code phone} texts STOP over the broker; returns once the gateway applied it. */
  public static void stop(String phone) {
    Events.inbound(Events.sid(), phone, "STOP", KeywordKind.OPT_OUT);
    await().atMost(Duration.ofSeconds(20)).until(() -> optedOut(phone));
  }

  public static boolean optedOut(String phone) {
    return Api.given()
        .get("/api/opt-outs/" + phone)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getBoolean("optedOut");
  }
}
