package com.example.crm.sms.gateway.support;

import static org.awaitility.Awaitility.await;

import com.example.crm.sms.security.Roles;
import com.example.crm.sms.testsupport.oidc.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

/**
 * REST helpers shared by the gateway's tests. Every request of {@link #given()} is signed in as
 * {@link #ADMIN_SUBJECT}, whose token grants only sms-admin (the role hierarchy adds the others),
 * so the tests of what the API does need not say who calls it; AuthorizationTest checks who may.
 */
public final class Api {

  public static final String ADMIN_SUBJECT = "test-admin";
  public static final String ADMIN_NAME = "Test Admin";

  /** Test tokens live 10 minutes; a fresh one well before that, as a real client refreshes. */
  private static final Duration TOKEN_REUSE = Duration.ofMinutes(4);

  private static String token;
  private static Instant tokenMade = Instant.EPOCH;

  private Api() {}

  /** RestAssured's {@code given()}, signed in as the test admin. */
  public static RequestSpecification given() {
    return RestAssured.given().header("Authorization", authorization());
  }

  /** RestAssured's {@code given()} with this bearer token. */
  public static RequestSpecification as(String token) {
    return RestAssured.given().header("Authorization", "Bearer " + token);
  }

  /** The Authorization header value of the test admin, for clients other than RestAssured. */
  public static synchronized String authorization() {
    if (token == null || Instant.now().isAfter(tokenMade.plus(TOKEN_REUSE))) {
      token = TestTokens.token(ADMIN_SUBJECT, ADMIN_NAME, Roles.ADMIN);
      tokenMade = Instant.now();
    }
    return "Bearer " + token;
  }

  public static Response send(String to, String body, String idempotencyKey) {
    var request = given().contentType(ContentType.JSON).body(Map.of("to", to, "body", body));
    if (idempotencyKey != null) {
      request = request.header("Idempotency-Key", idempotencyKey);
    }
    return request.post("/api/messages");
  }

  /** Queues a text and returns its id (asserting the 202). */
  public static String queue(String to, String body) {
    return send(to, body, null).then().statusCode(202).extract().path("id");
  }

  public static JsonPath message(String id) {
    return given().get("/api/messages/" + id).then().statusCode(200).extract().jsonPath();
  }

  /** Waits until the message satisfies the condition and returns it. */
  public static JsonPath awaitMessage(String id, Predicate<JsonPath> condition) {
    JsonPath[] last = new JsonPath[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last[0] = message(id);
              return condition.test(last[0]);
            });
    return last[0];
  }

  public static JsonPath awaitStatus(String id, String status) {
    return awaitMessage(id, m -> status.equals(m.getString("status")));
  }
}
