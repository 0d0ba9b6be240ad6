package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.repository.OptOutRepository;
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
  private final NumberService numbers;

  public OptOutService(Pool pool, OptOutRepository optOuts, NumberService numbers) {
    this.pool = pool;
    this.optOuts = optOuts;
    this.numbers = numbers;
  }

  /** A number never opted out has no row: it may be texted, and nobody changed that. */
  public Uni<OptOut> get(String phone) {
    String e164 = numbers.e164(phone);
    return optOuts
        .find(pool, e164)
        .map(o -> o == null ? new OptOut(e164, false, null, null, null) : toOptOut(o));
  }

  /**
   * Lifts an opt-out by hand.
   *
   * @param admin the signed-in caller, recorded as updated_by (their token's subject)
   */
  public Uni<OptOut> reOptIn(String phone, Actor admin) {
    String e164 = numbers.e164(phone);
    return pool.withTransaction(tx -> optOuts.upsert(tx, e164, false, "manual", admin.subject()))
        .map(OptOutService::toOptOut);
  }

  private static OptOut toOptOut(OptOutRepository.OptOut o) {
    return new OptOut(o.phone(), o.optedOut(), o.source(), o.updatedAt(), o.updatedBy());
  }
}
