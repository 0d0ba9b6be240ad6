package com.example.crm.sms.gateway.rest;

import static com.example.crm.sms.gateway.support.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.gateway.support.ApiLimitsProfile;
import com.example.crm.sms.gateway.support.Db;
import com.example.crm.sms.gateway.support.FakeTwilio;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rule 12 (docs/architecture.md) with senders and countries configured (ApiLimitsProfile): a send
 * names one of our numbers or our Messaging Service, and goes to an allowed country, else 422 and
 * nothing written.
 */
@QuarkusTest
@TestProfile(ApiLimitsProfile.class)
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class SendPolicyTest {

  @Inject Pool pool;

  private static String resolve(String value) {
    return switch (value) {
      case "DEFAULT" -> FakeTwilio.FROM;
      case "SECOND" -> ApiLimitsProfile.SECOND_SENDER;
      case "SERVICE" -> ApiLimitsProfile.MESSAGING_SERVICE;
      case "-" -> null;
      default -> value;
    };
  }

  /**
   * Columns: the case; {@code from} sent ("-": none); {@code to}; the answer; for a 202 the sender
   * stored (number, or "SERVICE" for the Messaging Service), for a 422 the field named and a word
   * its detail must hold.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no from sends from the default number          | -              | +12394260101  | 202 | DEFAULT",
        "the default number named is ours               | DEFAULT        | +12394260102  | 202 | DEFAULT",
        "a configured sender number is ours             | SECOND         | +12394260103  | 202 | SECOND",
        "a sender configured in national format is ours | +12394260998   | +12394260104  | 202 | +12394260998",
        "our number in national format is ours          | (239) 426-0999 | +12394260105  | 202 | SECOND",
        "our Messaging Service sends through it         | SERVICE        | +12394260106  | 202 | SERVICE",
        "another number is not ours                     | +12394260997   | +12394260107  | 422 | from:not one of our sender numbers",
        "another Messaging Service is not ours          | MG00000000000000000000000000000009 | +12394260108 | 422 | from:not a valid phone number",
        "a destination in an allowed second country     | -              | +14165550123  | 202 | DEFAULT",
        "a destination elsewhere is refused             | -              | +442079460958 | 422 | to:(GB)",
        "a non-geographic destination is refused        | -              | +80012345678  | 422 | to:(001)",
      })
  void aSendIsTakenOnlyFromOurSendersToAllowedCountries(
      String name, String from, String to, int status, String expected) {
    String requested = resolve(from);
    Map<String, String> body = new HashMap<>(Map.of("to", to, "body", "Policy " + name));
    if (requested != null) {
      body.put("from", requested);
    }
    long before = Db.count(pool, "SELECT count(*) FROM sms_messages WHERE to_number = $1", to);
    Response r =
        given()
            .contentType(ContentType.JSON)
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .body(body)
            .post("/api/messages");
    assertEquals(status, r.statusCode(), r.asString());
    long after = Db.count(pool, "SELECT count(*) FROM sms_messages WHERE to_number = $1", to);
    if (status == 202) {
      assertEquals(before + 1, after);
      String sender = resolve(expected);
      if (ApiLimitsProfile.MESSAGING_SERVICE.equals(sender)) {
        assertEquals(null, r.jsonPath().getString("from"));
        assertEquals(
            1,
            Db.count(
                pool,
                "SELECT count(*) FROM sms_messages WHERE id = $1 AND messaging_service_sid = $2",
                UUID.fromString(r.jsonPath().getString("id")),
                sender));
      } else {
        assertEquals(sender, r.jsonPath().getString("from"));
      }
    } else {
      String[] field = expected.split(":", 2);
      assertEquals("application/problem+json", r.contentType());
      assertEquals(field[0], r.jsonPath().getString("field"));
      assertTrue(r.jsonPath().getString("detail").contains(field[1]), r.asString());
      assertEquals(before, after, "nothing written");
      assertEquals(
          0,
          Db.count(pool, "SELECT count(*) FROM outbox WHERE record_key = $1", to),
          "no outbox event");
    }
  }
}
