package com.example.crm.sms.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the JVM's real Kafka broker. Use with
 * {@code @QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass =
 * false)} once per module; the broker outlives Quarkus restarts and stops with the JVM.
 */
public class KafkaBrokerTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return KafkaBroker.shared().quarkusConfig();
  }

  @Override
  public void stop() {
    // The shared broker stops with the JVM, so the next test profile finds it still running.
  }
}
