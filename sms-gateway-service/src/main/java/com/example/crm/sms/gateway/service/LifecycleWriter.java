package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import com.example.crm.sms.gateway.repository.OptOutRepository;
import com.example.crm.sms.gateway.repository.StatusHistoryRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Applies a {@link RowChange} to a message the caller has locked, inside the caller's transaction:
 * the row, the recipient's opt-out, and (through {@link MessageChanges}) its event and
 * notification.
 */
@ApplicationScoped
public class LifecycleWriter {

  private final Pool pool;
  private final MessageRepository messages;
  private final StatusHistoryRepository history;
  private final OptOutRepository optOuts;
  private final MessageChanges changes;

  public LifecycleWriter(
      Pool pool,
      MessageRepository messages,
      StatusHistoryRepository history,
      OptOutRepository optOuts,
      MessageChanges changes) {
    this.pool = pool;
    this.messages = messages;
    this.history = history;
    this.optOuts = optOuts;
    this.changes = changes;
  }

  /**
   * Locks message {@code id} in a transaction of its own and applies {@code change} if the row is
   * still as {@code still} expects; a row gone or moved on meanwhile is left alone.
   */
  public Uni<Void> applyIfStill(
      UUID id, Predicate<MessageEntity> still, Function<MessageEntity, RowChange> change) {
    return pool.withTransaction(
        tx ->
            messages
                .lockById(tx, id)
                .chain(
                    m ->
                        m == null || !still.test(m)
                            ? Uni.createFrom().voidItem()
                            : apply(tx, m, change.apply(m))));
  }

  public Uni<Void> apply(SqlClient tx, MessageEntity m, RowChange change) {
    if (change.clearClaim()) {
      m.claimedBy = null;
      m.claimedAt = null;
    }
    Uni<Void> optOut =
        change.optOut()
            ? optOuts.upsert(tx, m.toNumber, true, "error-21610", null).replaceWithVoid()
            : Uni.createFrom().voidItem();
    return optOut.chain(() -> write(tx, m, change, MessageEntity.now()));
  }

  private Uni<Void> write(SqlClient tx, MessageEntity m, RowChange change, Instant now) {
    if (change.retryAt() != null) {
      m.sendStartedAt = null;
      m.nextAttemptAt = change.retryAt();
      m.errorMessage = change.errorMessage();
      return changes.bookkeeping(tx, m);
    }
    if (change.messageSid() != null) {
      return accepted(tx, m, change, now);
    }
    if (change.status() != null) {
      m.status = change.status();
      m.errorCode = change.errorCode() != null ? change.errorCode() : m.errorCode;
      m.errorMessage = change.errorMessage();
      if (change.status() == MessageStatus.FAILED || change.status() == MessageStatus.CANCELED) {
        m.failedAt = now;
      } else if (change.status() == MessageStatus.UNKNOWN) {
        m.outcomeUnknown = true;
        m.outcomeUnknownAt = now;
      }
    }
    return changes.changed(tx, m);
  }

  private Uni<Void> accepted(SqlClient tx, MessageEntity m, RowChange change, Instant now) {
    m.messageSid = change.messageSid();
    m.sentAt = m.sentAt == null ? now : m.sentAt;
    m.outcomeUnknown = false;
    m.errorMessage = null;
    if (change.status() != null) {
      StatusTransitions.apply(m, change.status(), change.errorCode(), change.errorMessage(), now);
    }
    // Callbacks that beat us to the database were kept under the SID; apply them now.
    return history
        .forSid(tx, change.messageSid())
        .chain(
            early -> {
              early.forEach(
                  s ->
                      StatusTransitions.apply(m, s.status(), s.errorCode(), s.errorMessage(), now));
              return changes.changed(tx, m);
            });
  }
}
