package com.example.crm.sms.ingest.config;

import com.example.crm.sms.events.kafka.EventSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one Kafka producer of both topics, driven by event/WebhookEventPublisher itself rather than
 * through a SmallRye emitter (bench/README.md): the shared {@code kafka.*} settings (brokers, TLS,
 * SASL), the ingest's tunables, and the settings durability depends on, which are not settings
 * because a 200 promises Twilio that the event is safe (rule 1, docs/architecture.md).
 */
@ApplicationScoped
public class KafkaProducerSettings {

  static final String CLIENT_ID = "webhook-ingest-service";

  private final Map<String, Object> properties;

  @Inject
  public KafkaProducerSettings(
      @Identifier("default-kafka-broker") Map<String, Object> kafka, IngestConfig config) {
    this.properties = properties(kafka, config.kafka());
  }

  /** The properties the producer is built with. */
  public Map<String, Object> properties() {
    return properties;
  }

  static Map<String, Object> properties(Map<String, Object> kafka, IngestConfig.Kafka tunables) {
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.LINGER_MS_CONFIG, tunables.lingerMs());
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, tunables.maxInFlight());
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, tunables.batchSize());
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, tunables.compressionType());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, tunables.requestTimeoutMs());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, tunables.deliveryTimeoutMs());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, tunables.maxBlockMs());
    // Topic metadata is kept as long as the producer lives, so send() never waits for it again:
    // not dropped when idle, and not thrown away for a new bootstrap when no broker answers (Kafka
    // 4's default), which made every send during an outage wait max.block.ms on its event loop.
    config.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, Integer.MAX_VALUE);
    config.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
    return Map.copyOf(config);
  }

  /** With its own metrics (kafka_producer_*: batching, latency, errors) on /q/metrics. */
  @Produces
  @Singleton
  Producer<String, Object> producer(MeterRegistry registry) {
    Producer<String, Object> producer =
        new KafkaProducer<>(properties, new StringSerializer(), new EventSerializer<>());
    new KafkaClientMetrics(producer).bindTo(registry);
    return producer;
  }

  void close(@Disposes Producer<String, Object> producer) {
    // Sends still waiting get their chance; their requests are answered either way.
    producer.close(Duration.ofSeconds(5));
  }
}
