package com.example.crm.sms.gateway.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** REST helpers shared by the gateway's tests. */
public final class Api {

  private Api() {}

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
