package com.example.crm.sms.gateway.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.gateway.support.Api;
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
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A send to a recipient who opted out, with and without an Idempotency-Key: refused with 409 and
 * nothing written, unless the key was taken before the opt-out, which answers as it did then.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class SendToOptedOutTest {

  @Inject Pool pool;

  /** What was sent with the key before the recipient opted out. */
  enum Before {
    NOTHING,
    SAME_TEXT,
    ANOTHER_TEXT
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("no key", false, Before.NOTHING, 409, "to"),
        Arguments.of("a fresh key", true, Before.NOTHING, 409, "to"),
        Arguments.of(
            "the key of the same text sent before the STOP", true, Before.SAME_TEXT, 202, null),
        Arguments.of(
            "the key of another text sent before the STOP",
            true,
            Before.ANOTHER_TEXT,
            422,
            "Idempotency-Key"));
  }

  @ParameterizedTest(name = "{0}: {3}")
  @MethodSource("cases")
  void aSendToAnOptedOutRecipient(
      String label, boolean withKey, Before before, int status, String field) {
    String to = Numbers.fresh();
    String key = withKey ? UUID.randomUUID().toString() : null;
    String earlier =
        before == Before.NOTHING
            ? null
            : Api.send(to, before == Before.SAME_TEXT ? "Hello" : "Something else", key)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    optOut(to);
    var answer = Api.send(to, "Hello", key).then().statusCode(status);
    if (field != null) {
      answer.contentType("application/problem+json").body("field", equalTo(field));
    } else {
      answer.body("id", equalTo(earlier));
    }
    assertEquals(
        earlier == null ? 0 : 1,
        Db.count(pool, "SELECT count(*) FROM sms_messages WHERE to_number = $1", to),
        "no message written by the refused send");
    assertEquals(
        earlier == null ? 0 : 1,
        Db.count(pool, "SELECT count(DISTINCT aggregate_id) FROM outbox WHERE record_key = $1", to),
        "no outbox event of another message than the earlier one");
    assertEquals(
        earlier == null ? 0 : 1,
        Db.count(pool, "SELECT count(*) FROM idempotency_keys WHERE idem_key = $1", key),
        "no key taken by the refused send");
  }

  private void optOut(String phone) {
    pool.preparedQuery(
            "INSERT INTO opt_outs (phone_e164, opted_out, source) VALUES ($1, true, 'keyword')"
                + " ON CONFLICT (phone_e164) DO UPDATE SET opted_out = true")
        .execute(Tuple.of(phone))
        .await()
        .atMost(Duration.ofSeconds(10));
  }
}
