package com.example.crm.sms.gateway.support;

import static org.awaitility.Awaitility.await;

import com.example.crm.sms.security.Roles;
import com.example.crm.sms.testsupport.oidc.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** REST helpers of the inbox tests (GET /api/conversations and its read markers). */
public final class Inbox {

  private Inbox() {}

  /** A bearer token of a viewer of its own, so each test's read markers are its own. */
  public static String viewer(String subject) {
    return TestTokens.token(subject, "Viewer " + subject, Roles.VIEWER);
  }

  /** Every conversation the token's user sees, page by page ({@code limit} each), in order. */
  public static List<Map<String, Object>> all(String token, int limit, boolean unreadOnly) {
    List<Map<String, Object>> items = new ArrayList<>();
    String cursor = null;
    do {
      var request = Api.as(token).queryParam("limit", limit);
      if (unreadOnly) {
        request = request.queryParam("unread", "true");
      }
      if (cursor != null) {
        request = request.queryParam("cursor", cursor);
      }
      JsonPath page = request.get("/api/conversations").then().statusCode(200).extract().jsonPath();
      items.addAll(page.getList("items"));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    return items;
  }

  /** The conversation with {@code phone} as the token's user sees it, or null. */
  public static Map<String, Object> find(String token, String phone) {
    return all(token, 100, false).stream()
        .filter(c -> phone.equals(c.get("phone")))
        .findFirst()
        .orElse(null);
  }

  /**
   * Waits until the conversation with {@code phone} satisfies the condition, and returns it. A
   * minute: the first test after the application started also waits for the consumer group.
   */
  public static Map<String, Object> until(
      String token, String phone, Predicate<Map<String, Object>> condition) {
    List<Map<String, Object>> last = new ArrayList<>(1);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              Map<String, Object> c = find(token, phone);
              last.clear();
              last.add(c);
              return c != null && condition.test(c);
            });
    return last.get(0);
  }

  /** The newest message's field of a conversation as the list answers it. */
  @SuppressWarnings("unchecked")
  public static Object last(Map<String, Object> conversation, String field) {
    return ((Map<String, Object>) conversation.get("lastMessage")).get(field);
  }

  public static Response markRead(String token, String phone, Object body) {
    return Api.as(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/conversations/" + phone + "/read");
  }

  /** The ids of a conversation's texts, newest first. */
  public static List<String> messageIds(String phone) {
    return Api.given()
        .get("/api/conversations/" + phone + "/messages")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id");
  }
}
