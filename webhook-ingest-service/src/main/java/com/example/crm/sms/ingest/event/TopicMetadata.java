package com.example.crm.sms.ingest.event;

import com.example.crm.sms.events.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

/**
 * The topics whose metadata the producer knows, so that a send cannot wait for it: only those are
 * sent from the calling event loop. The metadata is fetched at start, and whenever a send needs a
 * topic still unknown, by one thread of its own: {@code partitionsFor} waits up to max.block.ms,
 * and the sends that need the topic wait in a queue meanwhile, each with its deadline already
 * running, and are handed to the producer from that thread once it is known. Before, each such send
 * took a worker of the shared pool and blocked it for up to max.block.ms: a restart under load grew
 * the pool to 82 threads, serialising events in a convoy on Jackson's cold caches, while the
 * webhooks queued behind them had not even started their deadline. The producer keeps the metadata
 * for its life (KafkaProducerSettings).
 */
@ApplicationScoped
public class TopicMetadata {

  private static final Logger LOG = Logger.getLogger(TopicMetadata.class);

  /** Between two attempts while no broker answers (each already waits up to max.block.ms). */
  private static final long RETRY_PAUSE_MS = 500;

  private final Producer<String, Object> producer;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private final Set<String> fetching = ConcurrentHashMap.newKeySet();
  private final Map<String, Queue<Runnable>> waiting = new ConcurrentHashMap<>();
  private final ExecutorService fetcher =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "ingest-topic-metadata");
            thread.setDaemon(true);
            return thread;
          });

  public TopicMetadata(Producer<String, Object> producer) {
    this.producer = producer;
  }

  /** Early, so the broker is asked while the rest of the start (the warm-up) runs. */
  void fetchAtStart(@Observes @Priority(1) StartupEvent start) {
    for (String topic : List.of(Topics.INBOUND, Topics.STATUS)) {
      fetch(topic);
    }
  }

  boolean known(String topic) {
    return known.contains(topic);
  }

  /** Whether both topics are known: until then some webhooks would wait for the broker. */
  public boolean allKnown() {
    return known.contains(Topics.INBOUND) && known.contains(Topics.STATUS);
  }

  /**
   * Runs {@code send} on the metadata thread once the topic is known. Queued before the check of
   * {@link #known}, and the fetch marks the topic known before it drains the queue: so a send is
   * never left behind by a fetch that just finished.
   */
  void whenKnown(String topic, Runnable send) {
    waiting.computeIfAbsent(topic, t -> new ConcurrentLinkedQueue<>()).add(send);
    if (known(topic)) {
      fetcher.execute(() -> drain(topic));
    } else {
      fetch(topic);
    }
  }

  private void fetch(String topic) {
    if (fetching.add(topic)) {
      fetcher.execute(() -> fetchUntilKnown(topic));
    }
  }

  private void fetchUntilKnown(String topic) {
    try {
      boolean warned = false;
      while (!known(topic)) {
        try {
          producer.partitionsFor(topic);
          known.add(topic);
          if (warned) {
            LOG.infof("Metadata for %s fetched", topic);
          }
        } catch (RuntimeException e) {
          if (!warned) {
            LOG.warnf("No metadata for %s yet (%s); its webhooks wait for it", topic, e);
            warned = true;
          }
          TimeUnit.MILLISECONDS.sleep(RETRY_PAUSE_MS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // shutting down
    } finally {
      fetching.remove(topic);
    }
    drain(topic);
  }

  private void drain(String topic) {
    Queue<Runnable> queue = waiting.get(topic);
    Runnable send;
    while (queue != null && (send = queue.poll()) != null) {
      send.run();
    }
  }

  @PreDestroy
  void close() {
    fetcher.shutdownNow();
  }
}
