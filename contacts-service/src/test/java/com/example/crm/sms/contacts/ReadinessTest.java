package com.example.crm.sms.contacts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Health, metrics and API docs answer on the management interface (its own port, which no edge
 * publishes), without a token; the service port serves none of them.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class ReadinessTest {

  @TestHTTPResource(value = "/", management = true)
  URI management;

  @TestHTTPResource("/")
  URI service;

  @Test
  void readyReportsTheDatabaseFromItsBackgroundProbeAndNotTheBroker() {
    given()
        .noFiltersOfType(SignedIn.class)
        .when()
        .get(management.resolve("/q/health/ready"))
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'Database' }.status", equalTo("UP"))
        .body("checks.find { it.name == 'Database' }.data.lastSuccess", notNullValue())
        // The broker is no readiness condition: the API works without it (issue 18).
        .body("checks.name", not(hasItem("Kafka connection health check")))
        .body("checks.name", not(hasItem("Reactive PostgreSQL connections health check")));
    given()
        .noFiltersOfType(SignedIn.class)
        .get(management.resolve("/q/health/live"))
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"));
  }

  @Test
  void exposesOpenApiAndPrometheusMetrics() {
    given()
        .noFiltersOfType(SignedIn.class)
        .get(management.resolve("/q/openapi?format=json"))
        .then()
        .statusCode(200)
        .body("openapi", org.hamcrest.Matchers.startsWith("3."));
    given()
        .noFiltersOfType(SignedIn.class)
        .get(management.resolve("/q/metrics"))
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"));
    given()
        .noFiltersOfType(SignedIn.class)
        .get(management.resolve("/q/swagger-ui/"))
        .then()
        .statusCode(200);
  }

  /** Not even to a signed-in admin: they are simply not there. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/q/health",
        "/q/health/ready",
        "/q/health/live",
        "/q/metrics",
        "/q/openapi",
        "/q/swagger-ui/"
      })
  void theServicePortServesNoOperationsEndpoint(String path) {
    given().get(service.resolve(path)).then().statusCode(404);
  }
}
