package com.example.crm.sms.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.ingest.config.HotPathReadinessCheck;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * A started service warmed its hot path before it reported ready: the warm-up's time is a metric,
 * and readiness lists the hot path as UP with it (HotPathReadinessCheckTest: DOWN before it ran).
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class ColdStartTest {

  @Inject MeterRegistry registry;

  @Test
  void theHotPathWasWarmedUpAtStartAndReadinessSaysSo() {
    Gauge took = registry.find(HotPathReadinessCheck.WARM_UP).gauge();
    assertNotNull(took, "the warm-up ran at start");
    assertTrue(took.value() > 0);
    given()
        .get(Management.url("/q/health/ready"))
        .then()
        .statusCode(200)
        .body("checks.findAll { it.name == 'Webhook hot path' }.status", hasItem("UP"))
        .body(
            "checks.find { it.name == 'Webhook hot path' }.data.warmedUpInMs",
            greaterThanOrEqualTo(0));
    given()
        .get(Management.url("/q/metrics"))
        .then()
        .statusCode(200)
        .body(containsString("sms_ingest_warmup_seconds"));
  }
}
