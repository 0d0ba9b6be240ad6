package com.example.crm.sms.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class ReadinessTest {

  @Test
  void readyReportsTheRealBrokerAndTheSignatureSetUp() {
    given()
        .when()
        .get("/q/health/ready")
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
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body("openapi", org.hamcrest.Matchers.startsWith("3."))
        .body("paths", org.hamcrest.Matchers.hasKey("/twilio/messages"))
        .body("paths", org.hamcrest.Matchers.hasKey("/twilio/status"));
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"));
  }
}
