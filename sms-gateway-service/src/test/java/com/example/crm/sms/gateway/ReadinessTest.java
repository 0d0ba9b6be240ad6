package com.example.crm.sms.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.gateway.support.FakeTwilioTestResource;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Health, metrics and the API document answer on the management interface without a token (no edge
 * publishes it: rule 11, docs/architecture.md), and the API port does not serve them.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTwilioTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
class ReadinessTest {

  /** The management interface's root (Quarkus's /q), on its own port. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  @TestHTTPResource("/")
  URL api;

  /** {@code path} under the management root, e.g. health/ready for /q/health/ready. */
  private String at(String path) {
    return management.toString().replaceAll("/$", "") + "/" + path;
  }

  @Test
  void readyReportsTheDatabaseFromItsBackgroundProbeAndNotTheBrokerWithoutAToken() {
    given()
        .when()
        .get(at("health/ready"))
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'Database' }.status", equalTo("UP"))
        .body("checks.find { it.name == 'Database' }.data.lastSuccess", notNullValue())
        // The broker is no readiness condition: the API works without it (issue 18).
        .body("checks.name", not(hasItem("Kafka connection health check")))
        .body("checks.name", not(hasItem("Reactive PostgreSQL connections health check")));
    given().get(at("health/live")).then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void exposesOpenApiAndPrometheusMetricsWithoutAToken() {
    given().get(at("openapi?format=json")).then().statusCode(200).body("openapi", startsWith("3."));
    given().get(at("metrics")).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
  }

  @Test
  void theManagementInterfaceHasItsOwnPort() {
    assertNotEquals(api.getPort(), management.getPort(), management + " vs " + api);
    assertTrue(management.getPath().startsWith("/q"), management.toString());
  }

  @ParameterizedTest(name = "the API port does not serve {0}")
  @ValueSource(
      strings = {"/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi", "/q/swagger-ui/"})
  void theApiPortServesNoOperationsEndpoint(String path) {
    assertEquals(404, given().get(api.toString().replaceAll("/$", "") + path).statusCode(), path);
  }
}
