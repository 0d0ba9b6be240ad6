package com.example.crm.sms.ingest;

import com.example.crm.sms.ingest.config.IngestConfig;
import java.time.Duration;

/** Settings for unit tests that build the service's classes without Quarkus. */
public final class TestConfigs {

  private TestConfigs() {}

  /** The ingest settings with their defaults, but the public URL and the publish timeout. */
  public static IngestConfig ingest(String publicUrl, Duration publishTimeout) {
    return new IngestConfig() {
      @Override
      public String publicUrl() {
        return publicUrl;
      }

      @Override
      public boolean trustForwardedHeaders() {
        return false;
      }

      @Override
      public Duration publishTimeout() {
        return publishTimeout;
      }

      @Override
      public Duration brokerProbeInterval() {
        return Duration.ofSeconds(1);
      }

      @Override
      public int maxPendingEvents() {
        return 10_000;
      }

      @Override
      public Kafka kafka() {
        throw new UnsupportedOperationException("no producer in this test");
      }
    };
  }
}
