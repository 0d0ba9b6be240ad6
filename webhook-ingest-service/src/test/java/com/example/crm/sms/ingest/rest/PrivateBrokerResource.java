package com.example.crm.sms.ingest.rest;

import com.example.crm.sms.testsupport.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A broker of the fault test's own, which the test stops; the service's producer and its Kafka
 * health check point at it.
 */
public class PrivateBrokerResource implements QuarkusTestResourceLifecycleManager {

  private KafkaBroker broker;

  @Override
  public Map<String, String> start() {
    broker = KafkaBroker.startNew();
    return Map.of(
        "kafka.bootstrap.servers", broker.bootstrapServers(),
        "private-broker.bootstrap.servers", broker.bootstrapServers());
  }

  @Override
  public void inject(TestInjector testInjector) {
    // A JDK type, so the match works whichever class loader loaded this resource.
    testInjector.injectIntoFields(
        (AutoCloseable) broker, new TestInjector.MatchesType(AutoCloseable.class));
  }

  @Override
  public void stop() {
    if (broker != null) {
      broker.close();
    }
  }
}
