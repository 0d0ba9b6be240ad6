package com.example.crm.sms.ingest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rule 1 (docs/architecture.md): a 200 promises Twilio that the event is safe on Kafka. */
class KafkaProducerSettingsTest {

  @Test
  void durabilitySettingsCannotBeConfiguredAway() {
    Map<String, Object> config =
        KafkaProducerSettings.properties(
            Map.of("bootstrap.servers", "broker:9092", "acks", "1", "enable.idempotence", "false"),
            new Defaults());
    assertEquals("all", config.get("acks"));
    assertEquals("true", config.get("enable.idempotence"));
    assertEquals("broker:9092", config.get("bootstrap.servers"));
  }

  private static final class Defaults implements IngestConfig.Kafka {
    @Override
    public int lingerMs() {
      return 0;
    }

    @Override
    public int maxInFlight() {
      return 1;
    }

    @Override
    public int batchSize() {
      return 131072;
    }

    @Override
    public String compressionType() {
      return "none";
    }

    @Override
    public int requestTimeoutMs() {
      return 5000;
    }

    @Override
    public int deliveryTimeoutMs() {
      return 15000;
    }

    @Override
    public int maxBlockMs() {
      return 3000;
    }
  }
}
