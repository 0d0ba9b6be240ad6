package com.example.crm.sms.gateway.event;

import static com.example.crm.sms.gateway.support.Api.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.Events;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Inbound texts over the real broker: stored once, STOP and START applied to the opt-out list. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class InboundFlowTest {

  private static boolean optedOut(String phone) {
    return given().get("/api/opt-outs/" + phone).then().extract().jsonPath().getBoolean("optedOut");
  }

  @Test
  void inboundStopOptsOutThenSendIsRefusedUntilStart() {
    String phone = Numbers.fresh();
    Events.inbound(Events.sid(), phone, "STOP", KeywordKind.OPT_OUT);
    await().atMost(Duration.ofSeconds(20)).until(() -> optedOut(phone));
    given().get("/api/opt-outs/" + phone).then().body("source", equalTo("keyword"));
    Api.send(phone, "Are you still interested?", null)
        .then()
        .statusCode(409)
        .contentType("application/problem+json");

    Events.inbound(Events.sid(), phone, "START", KeywordKind.OPT_IN);
    await().atMost(Duration.ofSeconds(20)).until(() -> !optedOut(phone));
    Api.send(phone, "Welcome back", null).then().statusCode(202);
  }

  @Test
  void duplicateInboundIsStoredOnce() {
    String phone = Numbers.fresh();
    String sid = Events.sid();
    Events.inbound(sid, phone, "Is the 3pm viewing still on?", KeywordKind.NONE);
    Events.inbound(sid, phone, "Is the 3pm viewing still on?", KeywordKind.NONE);
    String marker = Events.sid();
    Events.inbound(marker, phone, "Thanks", KeywordKind.NONE);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                given()
                        .get("/api/conversations/" + phone + "/messages")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("items")
                        .size()
                    == 2);
    var page = given().get("/api/conversations/" + phone + "/messages").then().extract().jsonPath();
    assertEquals("inbound", page.getString("items[1].direction"));
    assertEquals("received", page.getString("items[1].status"));
    assertEquals(sid, page.getString("items[1].messageSid"));
    assertEquals("Is the 3pm viewing still on?", page.getString("items[1].body"));
    // Nobody of ours sent it: sentBy is there, and null.
    assertTrue(page.getMap("items[1]").containsKey("sentBy"));
    assertNull(page.get("items[1].sentBy"));
  }
}
