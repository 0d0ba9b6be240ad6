package com.example.crm.sms.contacts.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.contacts.SignedIn;
import com.example.crm.sms.contacts.service.ContactType;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.oidc.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The console reads its sign-in settings and the contact types before anyone has signed in:
 * anonymous, exactly the members its script relies on, by default the services' own issuer and the
 * sms-console client, and the service's own list of contact types.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class ConsoleConfigTest {

  @ConfigProperty(name = "quarkus.oidc.auth-server-url")
  String issuer;

  @Test
  void theConsoleGetsItsSignInSettingsWithoutAToken() {
    Map<String, Object> config =
        given()
            .noFiltersOfType(SignedIn.class)
            .get("/console/config.json")
            .then()
            .statusCode(200)
            .contentType(startsWith("application/json"))
            .header("Cache-Control", containsString("no-cache"))
            .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
            .extract()
            .jsonPath()
            .getMap("");
    assertEquals(
        Map.of(
            "authority",
            issuer,
            "clientId",
            "sms-console",
            "contactTypes",
            List.of("prospect", "lead", "customer", "partner", "vendor", "other")),
        config);
  }

  /** The console offers exactly the types the API accepts, in the enum's order. */
  @Test
  void theConsoleIsOfferedExactlyTheContactTypesTheApiAccepts() {
    List<String> offered =
        given()
            .noFiltersOfType(SignedIn.class)
            .get("/console/config.json")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("contactTypes", String.class);
    assertEquals(
        Arrays.stream(ContactType.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList(),
        offered);
    for (String type : offered) {
      assertEquals(Optional.of(type), ContactType.fromWire(type).map(ContactType::wireValue));
    }
  }

  /** A console holding a stale token must still be able to sign in again. */
  @Test
  void aStaleOrForeignTokenDoesNotStandInTheWay() {
    for (String token :
        new String[] {TestTokens.expired(), TestTokens.signedByAnotherKey(), "not.a.jwt"}) {
      given()
          .header("Authorization", SignedIn.bearer(token))
          .get("/console/config.json")
          .then()
          .statusCode(200);
    }
  }
}
