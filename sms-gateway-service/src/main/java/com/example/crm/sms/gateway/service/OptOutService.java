package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.repository.OptOutRepository;
import com.example.crm.sms.gateway.rest.OptOutResponse;
import com.example.crm.sms.security.Actor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the opt-out list and re-opts a number in by hand, recording who did it (from the sign-in).
 */
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

  /**
   * Lifts an opt-out by hand.
   *
   * @param admin the signed-in caller, recorded as updated_by (their token's subject)
   */
  public Uni<OptOutResponse> reOptIn(String phone, Actor admin) {
    String e164 = messages.e164(phone);
    return pool.withTransaction(tx -> optOuts.upsert(tx, e164, false, "manual", admin.subject()))
        .map(
            o ->
                new OptOutResponse(
                    o.phone(), o.optedOut(), o.source(), o.updatedAt(), o.updatedBy()));
  }
}
