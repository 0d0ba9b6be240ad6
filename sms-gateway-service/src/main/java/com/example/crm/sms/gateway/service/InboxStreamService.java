package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.repository.InboxRepository;
import com.example.crm.sms.gateway.repository.InboxRepository.ConversationRow;
import com.example.crm.sms.gateway.repository.NotifyRepository;
import com.example.crm.sms.gateway.repository.ReadMarkerRepository;
import com.example.crm.sms.gateway.repository.ReadMarkerRepository.ReadState;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The inbox, live: one event per change of a conversation (a new text either way, a status change
 * of its last message, an opt-out change) and per move of the subscriber's own read marker, each
 * the conversation as that subscriber sees it. Fed by the NOTIFYs of every replica ({@link
 * ChangeListener}). The changed conversations are read in batches, once per change for every
 * subscriber of this replica, never once per subscriber; each user's markers are remembered by
 * their streams (a marker that moves is in its notification), so a change costs a marker read only
 * for a conversation a user's stream has not met yet. Each stream holds one of the instance's
 * {@link StreamPermits}.
 */
@ApplicationScoped
public class InboxStreamService {

  private static final Logger LOG = Logger.getLogger(InboxStreamService.class);

  /** A slow client gets a bounded buffer; past it its stream fails and it reconnects. */
  static final int SUBSCRIBER_BUFFER = 1024;

  /** Changed conversations read in one statement. */
  static final int READ_BATCH = 100;

  /** Conversations remembered (their last state, a user's marker) before the oldest are dropped. */
  static final int REMEMBERED = 10_000;

  private final Pool pool;
  private final InboxRepository conversations;
  private final ReadMarkerRepository reads;
  private final ChangeListener listener;
  private final StreamPermits permits;
  private final Counter rowReads;
  private final Counter markerReads;
  private final Map<String, InboxViewer> viewers = new ConcurrentHashMap<>();
  private final Cache<String, ConversationRow> lastSeen =
      Caffeine.newBuilder().maximumSize(REMEMBERED).build();
  // Changed conversations not read yet, each with the users whose own marker moved. Guarded by
  // this.
  private final Map<String, Set<String>> pending = new LinkedHashMap<>();
  private boolean refreshing;

  public InboxStreamService(
      Pool pool,
      InboxRepository conversations,
      ReadMarkerRepository reads,
      ChangeListener listener,
      StreamPermits permits,
      MeterRegistry registry) {
    this.pool = pool;
    this.conversations = conversations;
    this.reads = reads;
    this.listener = listener;
    this.permits = permits;
    this.rowReads = registry.counter("sms.gateway.inbox.stream.reads", "of", "conversations");
    this.markerReads = registry.counter("sms.gateway.inbox.stream.reads", "of", "markers");
  }

  void onStart(@Observes StartupEvent event) {
    listener.listen(NotifyRepository.CHANNEL, this::onMessageChange);
    listener.listen(ReadMarkerRepository.CHANNEL, this::onConversationChange);
  }

  void onStop(@Observes ShutdownEvent event) {
    viewers.values().forEach(v -> v.changes().onComplete());
  }

  /**
   * The inbox's changes as user {@code subject} sees them. Takes one of the instance's stream
   * permits, given back when the stream ends however it ends.
   *
   * @throws TooManyStreamsException when the instance has its maximum of streams open
   */
  public Multi<Conversation> inbox(String subject) {
    Runnable release = permits.take();
    InboxViewer viewer =
        viewers.compute(subject, (k, v) -> (v == null ? new InboxViewer(k) : v).join());
    AtomicBoolean left = new AtomicBoolean();
    return viewer
        .changes()
        .onOverflow()
        .buffer(SUBSCRIBER_BUFFER)
        .onTermination()
        .invoke(
            () -> {
              if (left.compareAndSet(false, true)) {
                release.run();
                viewers.computeIfPresent(subject, (k, v) -> v.leave() ? null : v);
              }
            });
  }

  /** A message changed: {@code {"phone", "id" | "ids"}} (MessageStreamService reads the rest). */
  private void onMessageChange(String payload) {
    if (viewers.isEmpty()) {
      return;
    }
    String phone;
    try {
      phone = new JsonObject(payload).getString("phone");
    } catch (RuntimeException e) {
      return; // MessageStreamService logs it.
    }
    if (phone != null) {
      changed(phone, null);
    }
  }

  /**
   * {@code {"kind": "read", "subject", "phone", "readUpTo", ...}} or {@code {"kind": "optOut"}}.
   */
  private void onConversationChange(String payload) {
    if (viewers.isEmpty()) {
      return;
    }
    try {
      JsonObject n = new JsonObject(payload);
      String phone = n.getString("phone");
      if (phone == null) {
        return;
      }
      if (!"read".equals(n.getString("kind"))) {
        changed(phone, null);
        return;
      }
      InboxViewer viewer = viewers.get(n.getString("subject"));
      if (viewer != null) {
        viewer.remember(
            new ReadState(
                viewer.subject(),
                phone,
                UUID.fromString(n.getString("readUpTo")),
                n.getLong("readCount"),
                n.getLong("version")));
        changed(phone, viewer.subject());
      }
    } catch (RuntimeException e) {
      LOG.warnf("Ignoring an unreadable notification: %s", e.toString());
    }
  }

  private void changed(String phone, String subject) {
    synchronized (this) {
      Set<String> own = pending.computeIfAbsent(phone, p -> new HashSet<>());
      if (subject != null) {
        own.add(subject);
      }
      if (refreshing) {
        return;
      }
      refreshing = true;
    }
    refreshNext();
  }

  /**
   * Reads the pending conversations, up to {@link #READ_BATCH} at a time, one batch after the other
   * in notification order: each subscriber sees a conversation's changes in order, and changes that
   * arrive while a read waits are answered by the next one.
   */
  private void refreshNext() {
    Map<String, Set<String>> batch = new LinkedHashMap<>();
    synchronized (this) {
      Iterator<Map.Entry<String, Set<String>>> next = pending.entrySet().iterator();
      while (next.hasNext() && batch.size() < READ_BATCH) {
        Map.Entry<String, Set<String>> e = next.next();
        batch.put(e.getKey(), e.getValue());
        next.remove();
      }
      if (batch.isEmpty()) {
        refreshing = false;
        return;
      }
    }
    List<InboxViewer> watching = List.copyOf(viewers.values());
    if (watching.isEmpty()) {
      refreshNext();
      return;
    }
    rowReads.increment();
    conversations
        .findAll(pool, batch.keySet().toArray(String[]::new))
        .chain(rows -> markers(watching, rows).invoke(() -> publish(watching, rows, batch)))
        .subscribe()
        .with(
            ok -> refreshNext(),
            f -> {
              LOG.warnf("Inbox stream: reading %d conversations failed: %s", batch.size(), f);
              refreshNext();
            });
  }

  /** The markers the watching users do not know yet of these conversations, in one read. */
  private Uni<List<ConversationRow>> markers(
      List<InboxViewer> watching, List<ConversationRow> rows) {
    Set<String> subjects = new HashSet<>();
    Set<String> phones = new HashSet<>();
    for (InboxViewer v : watching) {
      for (ConversationRow r : rows) {
        if (v.marker(r.phone()) == null) {
          subjects.add(v.subject());
          phones.add(r.phone());
        }
      }
    }
    if (subjects.isEmpty()) {
      return Uni.createFrom().item(rows);
    }
    markerReads.increment();
    return reads
        .states(pool, subjects.toArray(String[]::new), phones.toArray(String[]::new))
        .map(
            states -> {
              // Every pair asked for is known now: one without a row was never marked.
              for (InboxViewer v : watching) {
                if (subjects.contains(v.subject())) {
                  phones.forEach(p -> v.remember(new ReadState(v.subject(), p, null, 0, 0)));
                }
              }
              states.forEach(
                  s -> {
                    InboxViewer v = viewers.get(s.subject());
                    if (v != null) {
                      v.remember(s);
                    }
                  });
              return rows;
            });
  }

  /** To each user: the conversations that changed, and those whose marker of theirs moved. */
  private void publish(
      List<InboxViewer> watching, List<ConversationRow> rows, Map<String, Set<String>> batch) {
    for (ConversationRow row : rows) {
      boolean changed = !row.equals(lastSeen.asMap().put(row.phone(), row));
      Set<String> own = batch.getOrDefault(row.phone(), Set.of());
      for (InboxViewer v : watching) {
        if (changed || own.contains(v.subject())) {
          ReadState m = v.marker(row.phone());
          v.changes()
              .onNext(
                  ConversationService.view(
                      row, m == null ? null : m.readUpTo(), m == null ? 0 : m.readCount()));
        }
      }
    }
  }
}
