package com.example.crm.sms.gateway.support;

import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** REST helpers of the campaign tests, signed in as the test admin ({@link Api}). */
public final class Campaigns {

  private Campaigns() {}

  /** A recipient entry of a request. */
  public static Map<String, Object> to(String number) {
    return Map.of("to", number);
  }

  public static Map<String, Object> to(String number, Map<String, String> fields) {
    return Map.of("to", number, "fields", fields);
  }

  /** Creates a campaign (asserting the 202) and returns its JSON. */
  public static JsonPath create(String body, List<Map<String, Object>> recipients, boolean start) {
    Map<String, Object> request = new HashMap<>();
    request.put("name", "Test campaign");
    request.put("body", body);
    request.put("start", start);
    request.put("recipients", recipients);
    return Api.given()
        .contentType(ContentType.JSON)
        .body(request)
        .post("/api/campaigns")
        .then()
        .statusCode(202)
        .extract()
        .jsonPath();
  }

  public static JsonPath get(String id) {
    return Api.given().get("/api/campaigns/" + id).then().statusCode(200).extract().jsonPath();
  }

  /** POST /api/campaigns/{id}/{action}, asserting the status. */
  public static JsonPath act(String id, String action, int status) {
    return Api.given()
        .post("/api/campaigns/" + id + "/" + action)
        .then()
        .statusCode(status)
        .extract()
        .jsonPath();
  }

  public static JsonPath until(String id, Predicate<JsonPath> condition) {
    JsonPath[] last = new JsonPath[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              last[0] = get(id);
              return condition.test(last[0]);
            });
    return last[0];
  }

  public static JsonPath awaitStatus(String id, String status) {
    return until(id, c -> status.equals(c.getString("status")));
  }

  /** Every recipient of one status (null: all), page by page. */
  public static List<Map<String, Object>> recipients(String id, String status) {
    List<Map<String, Object>> all = new ArrayList<>();
    String cursor = null;
    do {
      var request = Api.given().queryParam("limit", 100);
      if (status != null) {
        request = request.queryParam("status", status);
      }
      if (cursor != null) {
        request = request.queryParam("cursor", cursor);
      }
      JsonPath page =
          request
              .get("/api/campaigns/" + id + "/recipients")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      all.addAll(page.getList("items"));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    return all;
  }

  /** Numbers written as people do: +1 239 4xx xxxx as (239) 4xx-xxxx. */
  public static String national(String e164) {
    String d = e164.substring(2);
    return "(" + d.substring(0, 3) + ") " + d.substring(3, 6) + "-" + d.substring(6);
  }
}
