package com.example.crm.sms.gateway.rest;

import static com.example.crm.sms.gateway.support.Api.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.events.Topics;
import com.example.crm.sms.gateway.support.Events;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The local run's whole MMS path without Twilio: the simulated carrier serves its sample picture
 * (no sign-in), and the media proxy fetches it from the gateway's own address over plain http, as
 * run-local.sh allows (SMS_GATEWAY_MEDIA_HTTP_HOSTS).
 */
@QuarkusTest
@TestProfile(SimulatedCarrierMediaTest.LocalRun.class)
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class SimulatedCarrierMediaTest {

  /** No Twilio credentials (the simulated carrier), the API on a port the media hosts name. */
  public static class LocalRun implements QuarkusTestProfile {
    static final int PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sms.gateway.carrier.mode",
          "simulated",
          "quarkus.http.test-port",
          String.valueOf(PORT),
          "sms.gateway.media.http-hosts",
          "localhost:" + PORT + ",127.0.0.1:" + PORT,
          "sms.gateway.dispatcher.enabled",
          "false");
    }

    private static int freePort() {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static byte[] sample() {
    try (InputStream in =
        SimulatedCarrierMediaTest.class.getResourceAsStream("/simulated-carrier/sample.png")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void sampleIsServedWithoutSignIn() {
    byte[] png =
        RestAssured.given()
            .get("/simulated-carrier/media/sample.png")
            .then()
            .statusCode(200)
            .contentType("image/png")
            .extract()
            .asByteArray();
    assertArrayEquals(sample(), png);
    RestAssured.given().get("/simulated-carrier/media/other.png").then().statusCode(404);
  }

  @Test
  void mmsPointingAtTheSampleIsProxiedFromTheGatewayItself() {
    String phone = Numbers.fresh();
    String url = "http://localhost:" + LocalRun.PORT + "/simulated-carrier/media/sample.png";
    Events.publish(
        Topics.INBOUND,
        phone,
        Events.inboundJson(
            Events.sid(),
            phone,
            Map.of(
                "body",
                "Local MMS",
                "media",
                List.of(Map.of("url", url, "contentType", "image/png")))));
    String id = MediaProxyTest.awaitOnly(phone);

    var r = given().get("/api/messages/" + id + "/media/0");
    assertEquals(200, r.statusCode(), r.asString());
    assertEquals("image/png", r.contentType());
    assertEquals("inline", r.header("Content-Disposition"));
    assertArrayEquals(sample(), r.asByteArray());
  }
}
