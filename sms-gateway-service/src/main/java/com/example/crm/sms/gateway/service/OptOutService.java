package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.events.EventJson;
import com.example.crm.sms.events.OptOutChangedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.gateway.repository.OptOutRepository;
import com.example.crm.sms.gateway.repository.OutboxRepository;
import com.example.crm.sms.security.Actor;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Reads the opt-out list and lifts an opt-out by hand, recording who did it (from the sign-in) and
 * why. A lift is announced on {@link Topics#OPT_OUT} through the outbox, written in the same
 * transaction as the row (rule 3).
 */
@ApplicationScoped
public class OptOutService {

  /** The longest reason kept (code points, after trimming): the column's size. */
  public static final int MAX_REASON = 500;

  private final Pool pool;
  private final OptOutRepository optOuts;
  private final OutboxRepository outbox;
  private final NumberService numbers;

  public OptOutService(
      Pool pool, OptOutRepository optOuts, OutboxRepository outbox, NumberService numbers) {
    this.pool = pool;
    this.optOuts = optOuts;
    this.outbox = outbox;
    this.numbers = numbers;
  }

  /** A number never opted out has no row: it may be texted, and nobody changed that. */
  public Uni<OptOut> get(String phone) {
    String e164 = numbers.e164(phone);
    return optOuts
        .find(pool, e164)
        .map(o -> o == null ? new OptOut(e164, false, null, null, null, null) : toOptOut(o));
  }

  /**
   * Lifts an opt-out by hand: 409 when the number is not opted out. Every refusal of the input
   * comes before the transaction, so a bad request writes nothing.
   *
   * @param reason why, as the admin wrote it: 1 to {@link #MAX_REASON} characters after trimming
   * @param admin the signed-in caller, recorded as updated_by (their subject) and in the event
   */
  public Uni<OptOut> lift(String phone, String reason, Actor admin) {
    String e164 = numbers.e164(phone);
    String why = requireReason(reason);
    return pool.withTransaction(
            tx ->
                optOuts
                    .lock(tx, e164)
                    .chain(
                        current -> {
                          if (current == null || !current.optedOut()) {
                            return Uni.createFrom()
                                .failure(
                                    ProblemException.conflict(
                                        e164 + " is not opted out: there is nothing to lift"));
                          }
                          return optOuts
                              .setManually(tx, e164, false, admin.subject(), why)
                              .call(lifted -> announce(tx, lifted, admin));
                        }))
        .map(OptOutService::toOptOut);
  }

  private Uni<Void> announce(SqlClient tx, OptOutRepository.OptOut changed, Actor admin) {
    OptOutChangedEvent event =
        new OptOutChangedEvent(
            UUID.randomUUID(),
            OptOutChangedEvent.TYPE,
            changed.updatedAt(),
            OptOutChangedEvent.SCHEMA_VERSION,
            changed.phone(),
            changed.optedOut(),
            admin.subject(),
            admin.name(),
            changed.reason());
    String json;
    try {
      json = EventJson.mapper().writeValueAsString(event);
    } catch (JsonProcessingException e) {
      return Uni.createFrom().failure(e);
    }
    return outbox.insert(tx, event.eventId(), Topics.OPT_OUT, event.phone(), json);
  }

  /** The trimmed reason, or 422 naming {@code reason}. */
  private static String requireReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw ProblemException.unprocessable(
          "reason", "Field 'reason' is required: say why the opt-out is lifted");
    }
    SafeText.requireSafe("reason", reason);
    String trimmed = reason.strip();
    int length = trimmed.codePointCount(0, trimmed.length());
    if (length > MAX_REASON) {
      throw ProblemException.unprocessable(
          "reason",
          "Field 'reason' has " + length + " characters; at most " + MAX_REASON + " are allowed");
    }
    return trimmed;
  }

  private static OptOut toOptOut(OptOutRepository.OptOut o) {
    return new OptOut(
        o.phone(), o.optedOut(), o.source(), o.updatedAt(), o.updatedBy(), o.reason());
  }
}
