package com.example.crm.sms.contacts;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;

/** Contacts made through the API for a test, signed in as every test call is ({@link SignedIn}). */
public final class TestContacts {

  private TestContacts() {}

  /** Creates a contact from {@code body} and answers its id; fails the test unless 201. */
  public static String create(Map<String, ?> body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/contacts")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }
}
