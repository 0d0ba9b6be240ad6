package com.example.crm.sms.gateway.rest;

import static com.example.crm.sms.gateway.support.Api.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.gateway.support.Api;
import com.example.crm.sms.gateway.support.Db;
import com.example.crm.sms.gateway.support.FakeTwilio;
import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.gateway.support.Numbers;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class SendApiTest {

  @Inject Pool pool;

  @Test
  void sendAnswers202WithTheQueuedMessageInE164() {
    String to = Numbers.fresh();
    String national = "(" + to.substring(2, 5) + ") " + to.substring(5, 8) + "-" + to.substring(8);
    Api.send(national, "Hello from the CRM", null)
        .then()
        .statusCode(202)
        .body("id", notNullValue())
        .body("direction", equalTo("outbound"))
        .body("to", equalTo(to))
        .body("from", equalTo(FakeTwilio.FROM))
        .body("status", equalTo("queued"))
        .body("segments", equalTo(1))
        .body("encoding", equalTo("GSM-7"))
        .body("createdAt", notNullValue());
  }

  @Test
  void invalidRecipientIs422NamingTo() {
    Api.send("12", "Hi", null)
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("field", equalTo("to"));
  }

  @Test
  void aFromThatIsNotOurNumberIs422NamingFromAndWritesNothing() {
    String to = Numbers.fresh();
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("to", to, "body", "Hi", "from", Numbers.fresh()))
        .post("/api/messages")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("field", equalTo("from"));
    assertEquals(0, Db.count(pool, "SELECT count(*) FROM sms_messages WHERE to_number = $1", to));
  }

  @Test
  void byDefaultOnlyTheDefaultRegionsCountryIsADestination() {
    String canada = "+14165550199";
    Api.send(canada, "Hi", null)
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("field", equalTo("to"))
        .body("detail", org.hamcrest.Matchers.containsString("(CA)"));
    assertEquals(
        0, Db.count(pool, "SELECT count(*) FROM sms_messages WHERE to_number = $1", canada));
  }

  @Test
  void aNulInTheBodyIs422NamingBodyAndItsPosition() {
    String to = Numbers.fresh();
    Api.send(to, "a\u0000b", null)
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("field", equalTo("body"))
        .body("detail", org.hamcrest.Matchers.containsString("position 2"));
    assertEquals(0, Db.count(pool, "SELECT count(*) FROM sms_messages WHERE to_number = $1", to));
  }

  @Test
  void aLimitThatIsNoNumberIs400NamingLimitAndItsRange() {
    given()
        .get("/api/conversations/" + Numbers.fresh() + "/messages?limit=abc")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("field", equalTo("limit"))
        .body("detail", org.hamcrest.Matchers.containsString("from 1 to 100"));
  }

  @Test
  void emptyBodyIs422NamingBody() {
    Api.send(Numbers.fresh(), "", null).then().statusCode(422).body("field", equalTo("body"));
  }

  @Test
  void a1601CharacterBodyIsRefusedAnd1600IsTaken() {
    String to = Numbers.fresh();
    Api.send(to, "a".repeat(1601), null).then().statusCode(422).body("field", equalTo("body"));
    // Emoji are one character each, though two UTF-16 units.
    Api.send(to, "😀".repeat(1600), null)
        .then()
        .statusCode(202)
        .body("encoding", equalTo("UCS-2"))
        .body("segments", equalTo(49));
  }

  @Test
  void badContactIdIs422NamingIt() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("to", Numbers.fresh(), "body", "Hi", "contactId", "not-a-uuid"))
        .post("/api/messages")
        .then()
        .statusCode(422)
        .body("field", equalTo("contactId"));
  }

  @Test
  void sameKeyAndSameBodyAnswerTheSameMessage() {
    String to = Numbers.fresh();
    String key = UUID.randomUUID().toString();
    String first = Api.send(to, "Once", key).then().statusCode(202).extract().path("id");
    String second = Api.send(to, "Once", key).then().statusCode(202).extract().path("id");
    assertEquals(first, second);
    assertEquals(1, Db.count(pool, "SELECT count(*) FROM sms_messages WHERE to_number = $1", to));
  }

  @Test
  void sameKeyWithAnotherBodyIs422() {
    String to = Numbers.fresh();
    String key = UUID.randomUUID().toString();
    Api.send(to, "Once", key).then().statusCode(202);
    Api.send(to, "Something else", key)
        .then()
        .statusCode(422)
        .body("field", equalTo("Idempotency-Key"));
  }

  @Test
  void twentyConcurrentPostsWithOneKeyMakeOneMessageAndOneTwilioCall() throws Exception {
    String to = Numbers.fresh();
    String key = UUID.randomUUID().toString();
    ExecutorService pool20 = Executors.newFixedThreadPool(20);
    try {
      List<Callable<Response>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(() -> Api.send(to, "Double click", key));
      }
      List<Future<Response>> answers = pool20.invokeAll(calls);
      Set<String> ids =
          answers.stream()
              .map(
                  f -> {
                    try {
                      Response r = f.get();
                      assertEquals(202, r.statusCode(), r.asString());
                      return r.jsonPath().getString("id");
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .collect(Collectors.toSet());
      assertEquals(1, ids.size());
      Api.awaitMessage(ids.iterator().next(), m -> m.getString("messageSid") != null);
      Thread.sleep(500);
      assertEquals(1, FakeTwilio.shared().sendsTo(to).size());
      assertEquals(1, Db.count(pool, "SELECT count(*) FROM sms_messages WHERE to_number = $1", to));
    } finally {
      pool20.shutdownNow();
    }
  }

  @Test
  void unknownMessageIs404Problem() {
    given()
        .get("/api/messages/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404));
  }

  @Test
  void conversationPagesNewestFirstWithACursor() {
    String to = Numbers.fresh();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(Api.queue(to, "Text " + i));
    }
    var page1 =
        given()
            .get("/api/conversations/" + to + "/messages?limit=2")
            .then()
            .statusCode(200)
            .body("items", hasSize(2))
            .extract()
            .jsonPath();
    assertEquals(List.of(ids.get(4), ids.get(3)), page1.getList("items.id"));
    var page2 =
        given()
            .queryParam("before", page1.getString("nextCursor"))
            .queryParam("limit", 2)
            .get("/api/conversations/" + to + "/messages")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(List.of(ids.get(2), ids.get(1)), page2.getList("items.id"));
    given()
        .queryParam("before", page2.getString("nextCursor"))
        .get("/api/conversations/" + to.substring(2) + "/messages")
        .then()
        .statusCode(200)
        .body("items.id", equalTo(List.of(ids.get(0))))
        .body("nextCursor", nullValue());
  }

  @Test
  void pageSizeAbove100IsRefused() {
    given()
        .get("/api/conversations/" + Numbers.fresh() + "/messages?limit=101")
        .then()
        .statusCode(400)
        .body("field", equalTo("limit"));
    given()
        .get("/api/conversations/" + Numbers.fresh() + "/messages?before=garbage")
        .then()
        .statusCode(400)
        .body("field", equalTo("before"));
  }

  @Test
  void corsAllowsTheConsoleOriginWithItsBearerToken() {
    RestAssured.given()
        .header("Origin", "http://localhost:8081")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
        .options("/api/messages")
        .then()
        .header("Access-Control-Allow-Origin", "http://localhost:8081")
        .header(
            "Access-Control-Allow-Headers",
            allOf(
                containsStringIgnoringCase("Authorization"),
                not(containsStringIgnoringCase("X-Actor"))));
  }

  @Test
  void corsAllowsNoOtherOrigin() {
    RestAssured.given()
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization")
        .options("/api/messages")
        .then()
        .header("Access-Control-Allow-Origin", nullValue());
  }

  @Test
  void queuedTextIsSentWithinSeconds() {
    String id = Api.queue(Numbers.fresh(), "Quick");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> Api.message(id).getString("messageSid") != null);
  }
}
