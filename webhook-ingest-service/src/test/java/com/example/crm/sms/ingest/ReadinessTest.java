package com.example.crm.sms.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class ReadinessTest {

  @Test
  void readyReportsTheRealBrokerAndTheSignatureSetUp() {
    given()
        .when()
        .get(com.example.crm.sms.ingest.Management.url("/q/health/ready"))
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(
            "checks.name",
            hasItems("Kafka connection health check", "Twilio signature validation"));
  }

  @Test
  void exposesOpenApiAndPrometheusMetrics() {
    given()
        .get(com.example.crm.sms.ingest.Management.url("/q/openapi?format=json"))
        .then()
        .statusCode(200)
        .body("openapi", org.hamcrest.Matchers.startsWith("3."))
        .body("paths", org.hamcrest.Matchers.hasKey("/twilio/messages"))
        .body("paths", org.hamcrest.Matchers.hasKey("/twilio/status"));
    given()
        .get(com.example.crm.sms.ingest.Management.url("/q/metrics"))
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"));
  }

  @ParameterizedTest(name = "{0} is not served on the public port")
  @ValueSource(strings = {"/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui"})
  void operationsEndpointsAreOnlyOnTheManagementPort(String path) {
    given().get(path).then().statusCode(404);
  }
}
