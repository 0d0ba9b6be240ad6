package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.gateway.repository.OptOutRepository;
import com.example.crm.sms.gateway.rest.OptOutResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads the opt-out list and re-opts a number in by hand, recording who did it. */
@ApplicationScoped
public class OptOutService {

  /** The width of opt_outs.updated_by. */
  static final int MAX_BY = 200;

  private final Pool pool;
  private final OptOutRepository optOuts;
  private final MessageService messages;

  public OptOutService(Pool pool, OptOutRepository optOuts, MessageService messages) {
    this.pool = pool;
    this.optOuts = optOuts;
    this.messages = messages;
  }

  public Uni<OptOutResponse> get(String phone) {
    String e164 = messages.e164(phone);
    return optOuts
        .find(pool, e164)
        .map(
            o ->
                o == null
                    ? new OptOutResponse(e164, false, null, null, null)
                    : new OptOutResponse(
                        o.phone(), o.optedOut(), o.source(), o.updatedAt(), o.updatedBy()));
  }

  /**
   * @param field where {@code by} came from (the X-Actor header or the body's "by"), for errors
   */
  public Uni<OptOutResponse> reOptIn(String phone, String by, String field) {
    String e164 = messages.e164(phone);
    if (by == null || by.isBlank()) {
      throw ProblemException.unprocessable(
          "by", "Say who re-opts the number in: the X-Actor header or a JSON body {\"by\": ...}");
    }
    if (by.strip().length() > MAX_BY) {
      throw ProblemException.unprocessable(
          field, "'" + field + "' has at most " + MAX_BY + " characters, not " + by.length());
    }
    return pool.withTransaction(tx -> optOuts.upsert(tx, e164, false, "manual", by.trim()))
        .map(
            o ->
                new OptOutResponse(
                    o.phone(), o.optedOut(), o.source(), o.updatedAt(), o.updatedBy()));
  }
}
