package com.example.crm.sms.contacts.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.example.crm.sms.contacts.TestContacts;
import com.example.crm.sms.contacts.TestEvents;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inbox names a page of conversations with one request: the contacts of many numbers. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class ContactLookupTest {

  @Test
  void findsTheContactsOfSeveralNumbersInAnyFormatAndLeavesStrangersOut() {
    String ann = TestEvents.newNumber();
    String bob = TestEvents.newNumber();
    String stranger = TestEvents.newNumber();
    String annId = TestContacts.create(Map.of("firstName", "Ann", "lastName", "Lee", "phone", ann));
    String bobId = TestContacts.create(Map.of("company", "Bob's Boats", "phone", bob));

    given()
        .queryParam("phone", ann)
        .queryParam("phone", "(239) 426-" + bob.substring(8))
        .queryParam("phone", stranger)
        .queryParam("phone", ann)
        .get("/api/contacts/by-phones")
        .then()
        .statusCode(200)
        .body("items", hasSize(2))
        .body("items.id", containsInAnyOrder(annId, bobId))
        .body("items.find { it.id == '" + annId + "' }.displayName", equalTo("Ann Lee"))
        .body("items.find { it.id == '" + bobId + "' }.phoneE164", equalTo(bob));
  }

  @Test
  void noNumbersFindNoContacts() {
    given().get("/api/contacts/by-phones").then().statusCode(200).body("items", empty());
  }
}
