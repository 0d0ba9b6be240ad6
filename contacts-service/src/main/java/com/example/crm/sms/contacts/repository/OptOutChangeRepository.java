package com.example.crm.sms.contacts.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Applies an opt-out changed by hand to the contact of its number, in ONE statement: the contact's
 * opt-out state, only if the change is newer than its last one (as for keywords, so a late or
 * replayed event never undoes a newer STOP), and its timeline entry once ({@code ON CONFLICT
 * (dedupe_key) DO NOTHING}). A number that is no contact's changes nothing: contacts are made by
 * people and inbound texts only.
 */
@ApplicationScoped
public class OptOutChangeRepository {

  private static final String IS_NEWER =
      "(c.sms_opt_changed_at IS NULL OR c.sms_opt_changed_at < $3::timestamptz)";

  /** $1 E.164, $2 opted out, $3 occurred at. */
  private static final String UPDATE_CONTACT =
      """
        UPDATE contacts c SET
          sms_opted_out = $2::boolean,
          sms_opted_out_at = CASE WHEN $2::boolean THEN $3::timestamptz END,
          sms_opt_changed_at = $3::timestamptz,
          updated_at = now()
        WHERE c.phone_e164 = $1 AND %s
      """
          .formatted(IS_NEWER);

  private static final String APPLY =
      "WITH changed AS (\n"
          + UPDATE_CONTACT
          + """
        RETURNING c.id
      ), activity AS (
        INSERT INTO contact_activities (id, contact_id, kind, summary, occurred_at, dedupe_key,
                                        actor_subject, actor_name)
        SELECT $4, c.id, $5, $6, $3::timestamptz, $7, $8, $9
        FROM contacts c
        WHERE c.phone_e164 = $1
        ON CONFLICT (dedupe_key) DO NOTHING
      )
      SELECT count(*) FROM changed
      """;

  /** The state alone: what a salvage must keep. */
  private static final String APPLY_STATE = UPDATE_CONTACT;

  /**
   * @param summary the entry's text; {@code kind}, {@code dedupeKey} and the actor as stored
   */
  public Uni<Void> apply(
      SqlClient db,
      String phoneE164,
      boolean optedOut,
      Instant occurredAt,
      String kind,
      String summary,
      String dedupeKey,
      String actorSubject,
      String actorName) {
    Tuple params =
        Tuple.from(
            Arrays.asList(
                phoneE164,
                optedOut,
                TrafficRows.utc(occurredAt),
                UUID.randomUUID(),
                kind,
                summary,
                dedupeKey,
                actorSubject,
                actorName));
    return db.preparedQuery(APPLY).execute(params).replaceWithVoid();
  }

  /** The contact's opt-out state alone (newer changes only). */
  public Uni<Void> applyState(
      SqlClient db, String phoneE164, boolean optedOut, Instant occurredAt) {
    return db.preparedQuery(APPLY_STATE)
        .execute(Tuple.of(phoneE164, optedOut, TrafficRows.utc(occurredAt)))
        .replaceWithVoid();
  }
}
