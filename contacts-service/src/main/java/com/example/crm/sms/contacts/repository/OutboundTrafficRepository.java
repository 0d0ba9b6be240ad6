package com.example.crm.sms.contacts.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Applies the changes of texts we sent to the contacts they went to, one statement per event, each
 * repeat a no-op, as {@link InboundTrafficRepository} says.
 */
@ApplicationScoped
public class OutboundTrafficRepository {

  /**
   * The recipient's contact (by id, else by number) moved forward: $1 contact id, $2 E.164, $3
   * contacted at; {@link #touchRecipient} fills in the parameters of the event's time and of "opted
   * out" (error 21610), which differ between the whole change and its salvage.
   */
  private static final String TOUCH_RECIPIENT =
      """
      WITH target AS (
        SELECT id FROM contacts
        WHERE id = $1::uuid OR phone_e164 = $2::varchar
        ORDER BY (id = $1::uuid) IS TRUE DESC
        LIMIT 1
      ), touched AS (
        UPDATE contacts c SET
          last_contacted_at = GREATEST(c.last_contacted_at, $3::timestamptz),
          sms_opted_out = CASE WHEN %3$s THEN true ELSE c.sms_opted_out END,
          sms_opted_out_at = CASE WHEN %3$s THEN %1$s::timestamptz ELSE c.sms_opted_out_at END,
          sms_opt_changed_at = CASE WHEN %3$s THEN %1$s::timestamptz ELSE c.sms_opt_changed_at END,
          updated_at = CASE WHEN %3$s THEN now() ELSE c.updated_at END
        FROM target
        WHERE c.id = target.id
          AND ((c.last_contacted_at IS NULL AND $3::timestamptz IS NOT NULL)
               OR c.last_contacted_at < $3::timestamptz OR %3$s)
        RETURNING c.id
      )
      """;

  private static String touchRecipient(String at, String optedOut) {
    return TOUCH_RECIPIENT.formatted(
        at,
        optedOut,
        "(%s::boolean AND (c.sms_opt_changed_at IS NULL OR c.sms_opt_changed_at < %s::timestamptz))"
            .formatted(optedOut, at));
  }

  private static final String APPLY_OUTBOUND =
      touchRecipient("$12", "$14")
          + """
      , activity AS (
        INSERT INTO contact_activities (id, contact_id, kind, summary, message_sid, message_id,
                                        status, error_code, error_message, occurred_at, dedupe_key)
        SELECT $4, target.id, $5, $6, $7, $8::uuid, $9, $10::integer, $11, $12::timestamptz, $13
        FROM target
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING id
      )
      SELECT target.id, false AS created, (SELECT count(*) FROM activity) AS activities
      FROM target
      """;

  private static final String STORE_RECIPIENT =
      touchRecipient("$4", "$5")
          + "SELECT target.id, false AS created, 0::bigint AS activities FROM target";

  private final Pool pool;

  public OutboundTrafficRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Records an outbound message's status on the contact it went to (by id, else by number); moves
   * last_contacted_at forward to {@code contactedAt} when that is given; marks the contact opted
   * out when {@code optedOut} (unless a newer opt-in/out is recorded). Empty when no contact
   * matches.
   */
  public Uni<Applied> applyOutbound(
      UUID contactId,
      String phoneE164,
      Instant contactedAt,
      boolean optedOut,
      NewActivity activity) {
    Tuple params =
        Tuple.from(
            Arrays.asList(
                contactId,
                phoneE164,
                TrafficRows.utc(contactedAt),
                UUID.randomUUID(),
                activity.kind(),
                activity.summary(),
                activity.messageSid(),
                activity.messageId(),
                activity.status(),
                activity.errorCode(),
                activity.errorMessage(),
                TrafficRows.utc(activity.occurredAt()),
                activity.dedupeKey(),
                optedOut));
    return pool.preparedQuery(APPLY_OUTBOUND).execute(params).map(TrafficRows::applied);
  }

  /**
   * The recipient's contact alone (a salvage): last_contacted_at forward and the opt-out of error
   * 21610 applied. Empty when no contact matches.
   */
  public Uni<Applied> touchRecipient(
      UUID contactId, String phoneE164, Instant contactedAt, boolean optedOut, Instant occurredAt) {
    Tuple params =
        Tuple.from(
            Arrays.asList(
                contactId,
                phoneE164,
                TrafficRows.utc(contactedAt),
                TrafficRows.utc(occurredAt),
                optedOut));
    return pool.preparedQuery(STORE_RECIPIENT).execute(params).map(TrafficRows::applied);
  }
}
