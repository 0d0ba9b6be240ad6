package com.example.crm.sms.ingest.event;

import com.example.crm.sms.events.Topics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

/**
 * The topics whose metadata the producer knows, so that a send cannot wait for it: only those are
 * sent from the calling event loop. Fetched off the event loop at start (a broker that is down is
 * fine), and learned from the first acknowledgement otherwise; the producer keeps it for its life
 * (KafkaProducerSettings).
 */
@ApplicationScoped
public class TopicMetadata {

  private static final Logger LOG = Logger.getLogger(TopicMetadata.class);

  private final Producer<String, Object> producer;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  public TopicMetadata(Producer<String, Object> producer) {
    this.producer = producer;
  }

  void warmUp(@Observes StartupEvent start) {
    for (String topic : List.of(Topics.INBOUND, Topics.STATUS)) {
      Infrastructure.getDefaultWorkerPool()
          .execute(
              () -> {
                try {
                  producer.partitionsFor(topic);
                  known.add(topic);
                } catch (RuntimeException e) {
                  LOG.warnf(
                      "No metadata for %s yet (%s); first sends go through a worker", topic, e);
                }
              });
    }
  }

  boolean known(String topic) {
    return known.contains(topic);
  }

  void learned(String topic) {
    if (!known.contains(topic)) {
      known.add(topic);
    }
  }
}
