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

  public Uni<OptOutResponse> reOptIn(String phone, String by) {
    String e164 = messages.e164(phone);
    if (by == null || by.isBlank()) {
      throw ProblemException.unprocessable(
          "by", "Say who re-opts the number in: the X-Actor header or a JSON body {\"by\": ...}");
    }
    if (by.length() > 200) {
      throw ProblemException.unprocessable("by", "'by' has at most 200 characters");
    }
    return pool.withTransaction(tx -> optOuts.upsert(tx, e164, false, "manual", by.trim()))
        .map(
            o ->
                new OptOutResponse(
                    o.phone(), o.optedOut(), o.source(), o.updatedAt(), o.updatedBy()));
  }
}
