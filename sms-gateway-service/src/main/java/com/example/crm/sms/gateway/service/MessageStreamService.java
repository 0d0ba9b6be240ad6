package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.repository.MessageRepository;
import com.example.crm.sms.gateway.repository.NotifyRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Live conversation updates. Every change NOTIFYs channel sms_messages in its own transaction (a
 * consumer's batch once per conversation, with the ids of its changed messages); each replica
 * LISTENs on one connection. The subscribers of one conversation share a hub: a notification for a
 * conversation nobody here watches costs nothing, and one that is watched costs one read (and one
 * of its media for an inbound text), whose result goes to every subscriber (not one read per
 * subscriber). A client sees changes made by any replica, and only committed ones ({@link
 * ChangeListener}). Each stream holds one of the instance's {@link StreamPermits}.
 */
@ApplicationScoped
public class MessageStreamService {

  private static final Logger LOG = Logger.getLogger(MessageStreamService.class);

  /** A slow client gets a bounded buffer; past it its stream fails and it reconnects. */
  static final int SUBSCRIBER_BUFFER = 1024;

  private final Pool pool;
  private final MessageRepository messages;
  private final ChangeListener listener;
  private final StreamPermits permits;
  private final MessageMediaLists media;
  private final Map<String, Hub> hubs = new ConcurrentHashMap<>();
  private final Counter reads;

  public MessageStreamService(
      Pool pool,
      MessageRepository messages,
      ChangeListener listener,
      StreamPermits permits,
      MessageMediaLists media,
      MeterRegistry registry) {
    this.pool = pool;
    this.messages = messages;
    this.listener = listener;
    this.permits = permits;
    this.media = media;
    this.reads = registry.counter("sms.gateway.stream.reads");
  }

  void onStart(@Observes StartupEvent event) {
    listener.listen(NotifyRepository.CHANNEL, this::onNotification);
  }

  void onStop(@Observes ShutdownEvent event) {
    hubs.values().forEach(h -> h.changes.onComplete());
  }

  /** {@code {"id", "phone"}} for one change, {@code {"ids", "phone"}} for a batch's changes. */
  private void onNotification(String payload) {
    String phone;
    List<UUID> ids = new ArrayList<>();
    try {
      JsonObject n = new JsonObject(payload);
      phone = n.getString("phone");
      JsonArray many = n.getJsonArray("ids");
      if (many == null) {
        ids.add(UUID.fromString(n.getString("id")));
      } else {
        many.forEach(id -> ids.add(UUID.fromString((String) id)));
      }
    } catch (RuntimeException e) {
      LOG.warnf("Ignoring an unreadable notification: %s", e.toString());
      return;
    }
    Hub hub = phone == null ? null : hubs.get(phone);
    if (hub != null) {
      ids.forEach(hub::changed);
    }
  }

  /**
   * The changes of one conversation (E.164), each as the message's current state. Takes one of the
   * instance's stream permits, given back when the stream ends however it ends.
   *
   * @throws TooManyStreamsException when the instance has its maximum of streams open
   */
  public Multi<Message> conversation(String phone) {
    Runnable release = permits.take();
    Hub hub = hubs.compute(phone, (k, h) -> (h == null ? new Hub(k) : h).join());
    AtomicBoolean left = new AtomicBoolean();
    return hub.changes
        .onOverflow()
        .buffer(SUBSCRIBER_BUFFER)
        .onTermination()
        .invoke(
            () -> {
              if (left.compareAndSet(false, true)) {
                release.run();
                hubs.computeIfPresent(phone, (k, h) -> h.leave() ? null : h);
              }
            });
  }

  /**
   * The subscribers of one conversation. Reads run one at a time in notification order, so every
   * subscriber sees a conversation's changes in order; notifications of a message that arrive while
   * its read waits are answered by that one read (it returns the message's current state).
   */
  private final class Hub {
    private final String phone;
    private final BroadcastProcessor<Message> changes = BroadcastProcessor.create();
    private final Set<UUID> pending = new LinkedHashSet<>();
    // Guarded by hubs.compute for this phone.
    private int subscribers;
    // Guarded by this.
    private boolean reading;

    Hub(String phone) {
      this.phone = phone;
    }

    Hub join() {
      subscribers++;
      return this;
    }

    /** True when that was the last subscriber. */
    boolean leave() {
      return --subscribers <= 0;
    }

    void changed(UUID id) {
      synchronized (this) {
        pending.add(id);
        if (reading) {
          return;
        }
        reading = true;
      }
      readNext();
    }

    private void readNext() {
      UUID id;
      synchronized (this) {
        Iterator<UUID> next = pending.iterator();
        if (!next.hasNext()) {
          reading = false;
          return;
        }
        id = next.next();
        next.remove();
      }
      reads.increment();
      messages
          .findById(pool, id)
          .chain(m -> media.toMessage(pool, m))
          .subscribe()
          .with(
              m -> {
                if (m != null) {
                  changes.onNext(m);
                }
                readNext();
              },
              f -> {
                LOG.warnf("Live stream of %s: reading message %s failed: %s", phone, id, f);
                readNext();
              });
    }
  }
}
