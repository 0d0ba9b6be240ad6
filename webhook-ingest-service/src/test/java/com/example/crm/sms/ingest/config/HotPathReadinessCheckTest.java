package com.example.crm.sms.ingest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.ingest.TestConfigs;
import com.example.crm.sms.ingest.service.HotPathWarmUp;
import com.example.crm.sms.ingest.service.InboundMessageMapper;
import com.example.crm.sms.ingest.service.StatusCallbackMapper;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.StartupEvent;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** Not ready before the hot path is warm: the check is DOWN until the start-up warm-up ran. */
class HotPathReadinessCheckTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HotPathReadinessCheck check =
      new HotPathReadinessCheck(
          new HotPathWarmUp(
              TestConfigs.ingest("https://ingest.example", Duration.ofSeconds(3)),
              new InboundMessageMapper(new PhoneNumbers("US")),
              new StatusCallbackMapper(new PhoneNumbers("US")),
              new ObjectMapper()),
          registry);

  private HealthCheckResponse answer() {
    return check.call().await().atMost(Duration.ofSeconds(1));
  }

  @Test
  void downUntilTheWarmUpRanThenUpWithItsTimeAsAMetric() {
    HealthCheckResponse before = answer();
    assertEquals(HealthCheckResponse.Status.DOWN, before.getStatus());
    assertEquals("warming up", before.getData().orElseThrow().get("reason"));
    assertNull(registry.find(HotPathReadinessCheck.WARM_UP).gauge(), "no warm-up yet");

    check.warmUp(new StartupEvent());

    HealthCheckResponse after = answer();
    assertEquals(HealthCheckResponse.Status.UP, after.getStatus());
    assertTrue(after.getData().orElseThrow().containsKey("warmedUpInMs"));
    Gauge took = registry.find(HotPathReadinessCheck.WARM_UP).gauge();
    assertNotNull(took, "sms_ingest_warmup_seconds");
    assertTrue(took.value() > 0);
  }
}
