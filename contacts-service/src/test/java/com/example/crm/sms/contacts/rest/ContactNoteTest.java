package com.example.crm.sms.contacts.rest;

import static com.example.crm.sms.contacts.TestDatabase.count;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.contacts.SignedIn;
import com.example.crm.sms.contacts.TestContacts;
import com.example.crm.sms.security.Roles;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.oidc.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Notes on a contact's timeline (issue 17): written by an agent, named by their sign-in, listed
 * with the rest of the timeline. Bad notes: BadInputTest; who may: AuthorizationTest.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class ContactNoteTest {

  @Inject Pool pool;

  private static String as(String subject, String name, String role) {
    return SignedIn.bearer(TestTokens.token(subject, name, role));
  }

  private static Response note(String authorization, String contactId, String body) {
    return given()
        .header("Authorization", authorization)
        .contentType(ContentType.JSON)
        .body(Map.of("body", body))
        .post("/api/contacts/{id}/notes", contactId);
  }

  private long notes(String contactId) {
    return count(
        pool,
        "select count(*) from contact_activities where contact_id = $1 and kind = 'note'",
        UUID.fromString(contactId));
  }

  @Test
  void anAgentsNoteIsATimelineEntryNamingThemAndListedWithTheRest() {
    String id = TestContacts.create(Map.of("firstName", "Noted"));
    String agent = "agent-" + UUID.randomUUID();
    Response created =
        note(as(agent, "Ada Agent", Roles.AGENT), id, "  Prefers texts after 5pm.\nNo calls.  ");
    created
        .then()
        .statusCode(201)
        .contentType(ContentType.JSON)
        .body("kind", equalTo("note"))
        .body("contactId", equalTo(id))
        .body("summary", equalTo("Prefers texts after 5pm.\nNo calls."))
        .body("actor.subject", equalTo(agent))
        .body("actor.name", equalTo("Ada Agent"))
        .body("messageSid", equalTo(null));
    String noteId = created.path("id");
    created.then().header("Location", endsWith("/api/contacts/" + id + "/notes/" + noteId));

    JsonPath timeline =
        given()
            .get("/api/contacts/{id}/activities", id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<Map<String, Object>> items = timeline.getList("items");
    Map<String, Object> listed =
        items.stream().filter(a -> noteId.equals(a.get("id"))).findFirst().orElseThrow();
    assertEquals("note", listed.get("kind"));
    assertEquals("Prefers texts after 5pm.\nNo calls.", listed.get("summary"));
    assertEquals(Map.of("subject", agent, "name", "Ada Agent"), listed.get("actor"));
    assertEquals(created.path("occurredAt"), listed.get("occurredAt"));
    // Newest first: the note is after the "Created by" entry.
    assertEquals(noteId, timeline.getString("items[0].id"));
  }

  @Test
  void aNoteOf2000CharactersIsKeptWhole() {
    String id = TestContacts.create(Map.of("firstName", "Long"));
    String body = "\uD83D\uDE00".repeat(2000);
    note(SignedIn.admin(), id, body).then().statusCode(201).body("summary", equalTo(body));
  }

  @Test
  void aViewerMayNotWriteANoteAndNothingIsWritten() {
    String id = TestContacts.create(Map.of("firstName", "Guarded"));
    note(as("viewer-vic", "Vic Viewer", Roles.VIEWER), id, "Hello")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("role"))
        .body("errors[0].message", equalTo(Roles.AGENT));
    assertEquals(0, notes(id));
  }

  @Test
  void aNoteOnAContactThatDoesNotExistIs404() {
    note(SignedIn.admin(), UUID.randomUUID().toString(), "Hello")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void aNoteThatIsBlankIs422NamingBodyAndWritesNothing() {
    String id = TestContacts.create(Map.of("firstName", "Blank"));
    note(SignedIn.admin(), id, " \n ")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("field", equalTo("body"));
    assertEquals(0, notes(id));
  }
}
