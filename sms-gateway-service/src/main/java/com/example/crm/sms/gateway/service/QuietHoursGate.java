package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.config.GatewayConfig;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import com.example.crm.sms.gateway.repository.NotifyRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decides at claim time which claimed texts may go now: a campaign or scheduled text outside the
 * quiet-hours window in its recipient's local time (every zone of the number) is held, in one
 * statement, until the window opens; it is not sent, and the carrier is not called.
 */
@ApplicationScoped
public class QuietHoursGate {

  private final Pool pool;
  private final MessageRepository messages;
  private final NotifyRepository notify;
  private final RecipientZones zones;
  private final QuietHours window;

  public QuietHoursGate(
      Pool pool,
      MessageRepository messages,
      NotifyRepository notify,
      RecipientZones zones,
      GatewayConfig config) {
    this.pool = pool;
    this.messages = messages;
    this.notify = notify;
    this.zones = zones;
    GatewayConfig.QuietHours q = config.quietHours();
    this.window = new QuietHours(q.enabled(), q.start(), q.end());
  }

  /** The claimed texts that may go now; the others are held (and their claims given back). */
  public Uni<List<MessageEntity>> sendable(List<MessageEntity> claimed, UUID replica, Instant now) {
    List<MessageEntity> go = new ArrayList<>(claimed.size());
    List<MessageEntity> held = new ArrayList<>();
    for (MessageEntity m : claimed) {
      Instant release = m.quietHours ? window.releaseAt(zones.of(m.toNumber), now) : now;
      if (release.isAfter(now)) {
        m.heldUntil = release;
        held.add(m);
      } else {
        go.add(m);
      }
    }
    if (held.isEmpty()) {
      return Uni.createFrom().item(go);
    }
    UUID[] ids = held.stream().map(m -> m.id).toArray(UUID[]::new);
    OffsetDateTime[] until =
        held.stream().map(m -> m.heldUntil.atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
    Map<String, List<UUID>> byPhone = new LinkedHashMap<>();
    held.forEach(m -> byPhone.computeIfAbsent(m.peerNumber, p -> new ArrayList<>()).add(m.id));
    return pool.withTransaction(
            tx ->
                messages
                    .hold(tx, replica, ids, until)
                    .chain(() -> notify.conversationsChanged(tx, byPhone)))
        .replaceWith(go);
  }
}
