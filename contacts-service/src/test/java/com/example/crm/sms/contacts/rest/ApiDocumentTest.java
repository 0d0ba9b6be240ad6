package com.example.crm.sms.contacts.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.contacts.SignedIn;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The API document tells a client the limits and values the API enforces (a longer value or another
 * type is the 422 of ContactResourceTest and BadInputTest).
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class ApiDocumentTest {

  private static final List<String> TYPES =
      List.of("prospect", "lead", "customer", "partner", "vendor", "other");

  @TestHTTPResource(value = "/", management = true)
  URI management;

  private JsonPath document() {
    return given()
        .noFiltersOfType(SignedIn.class)
        .get(management.resolve("/q/openapi?format=json"))
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @ParameterizedTest(name = "[{index}] {0}: at most {1}, one of [{2}], default {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "firstName | 100   | NULL                                        | NULL",
        "lastName  | 100   | NULL                                        | NULL",
        "company   | 200   | NULL                                        | NULL",
        "email     | 320   | NULL                                        | NULL",
        "phone     | 64    | NULL                                        | NULL",
        "type      | 32    | prospect lead customer partner vendor other | prospect",
        "source    | NULL  | manual import                               | manual",
        "notes     | 10000 | NULL                                        | NULL",
      })
  void aNewContactsMembersStateTheirLimitsAndValues(
      String member, Integer maxLength, String values, String defaultValue) {
    Map<String, Object> schema =
        document().getMap("components.schemas.ContactRequest.properties." + member);
    assertEquals(maxLength, schema.get("maxLength"), member + " maxLength");
    assertEquals(
        values == null ? null : Arrays.asList(values.split(" ")),
        schema.get("enum"),
        member + " enum");
    assertEquals(defaultValue, schema.get("default"), member + " default");
  }

  @Test
  void aNewContactHasExactlyTheseMembers() {
    assertEquals(
        List.of("company", "email", "firstName", "lastName", "notes", "phone", "source", "type"),
        document().getMap("components.schemas.ContactRequest.properties").keySet().stream()
            .sorted()
            .toList());
  }

  @Test
  void theSearchsTypeParameterListsTheContactTypes() {
    List<Map<String, Object>> parameters =
        document().getList("paths.'/api/contacts'.get.parameters");
    Map<String, Object> type =
        parameters.stream().filter(p -> "type".equals(p.get("name"))).findFirst().orElseThrow();
    assertEquals(TYPES, ((Map<?, ?>) type.get("schema")).get("enum"));
  }
}
