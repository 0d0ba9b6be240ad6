package com.example.crm.sms.ingest.rest;

import com.example.crm.sms.testsupport.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A broker of the fault test's own, which the test stops; the producers of both channels point at
 * it (channel settings win over the shared broker's kafka.bootstrap.servers).
 */
public class PrivateBrokerResource implements QuarkusTestResourceLifecycleManager {

  private KafkaBroker broker;

  @Override
  public Map<String, String> start() {
    broker = KafkaBroker.startNew();
    return Map.of(
        "mp.messaging.outgoing.inbound-events.bootstrap.servers", broker.bootstrapServers(),
        "mp.messaging.outgoing.status-events.bootstrap.servers", broker.bootstrapServers(),
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
