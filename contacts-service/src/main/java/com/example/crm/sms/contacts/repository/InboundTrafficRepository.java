package com.example.crm.sms.contacts.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Applies texts from contacts one by one (outbound traffic: {@link OutboundTrafficRepository}; a
 * whole batch at once: {@link InboundBatchRepository}). Each event is ONE SQL statement
 * (data-modifying CTEs), so it is atomic on its own and costs one round trip; unique keys make
 * every repeat a no-op:
 *
 * <ul>
 *   <li>{@code contacts.phone_e164}: INSERT … ON CONFLICT DO UPDATE, so concurrent first messages
 *       from one new number make one contact;
 *   <li>{@code contact_activities.dedupe_key}: ON CONFLICT DO NOTHING, so a message and status is
 *       one activity however often it is delivered;
 *   <li>{@code last_contacted_at} only moves forward (GREATEST), and an opt-out change applies only
 *       if it is newer than the last one, so late or replayed events change nothing.
 * </ul>
 */
@ApplicationScoped
public class InboundTrafficRepository {

  /** An opt-out/opt-in applies only if it is newer than the last one recorded. */
  private static final String INBOUND_OPT_IS_NEWER =
      "(EXCLUDED.sms_opt_changed_at IS NOT NULL AND (contacts.sms_opt_changed_at IS NULL"
          + " OR contacts.sms_opt_changed_at < EXCLUDED.sms_opt_changed_at))";

  /**
   * An existing sender's contact: last_contacted_at forward, the opt-out/opt-in applied if newer.
   * Shared with the batch statement ({@link InboundBatchRepository}).
   */
  static final String ON_CONFLICT_SENDER =
      """
        ON CONFLICT (phone_e164) DO UPDATE SET
          last_contacted_at = GREATEST(contacts.last_contacted_at, EXCLUDED.last_contacted_at),
          sms_opted_out = CASE WHEN %1$s THEN EXCLUDED.sms_opted_out
                               ELSE contacts.sms_opted_out END,
          sms_opted_out_at = CASE WHEN %1$s THEN EXCLUDED.sms_opted_out_at
                                  ELSE contacts.sms_opted_out_at END,
          sms_opt_changed_at = CASE WHEN %1$s THEN EXCLUDED.sms_opt_changed_at
                                    ELSE contacts.sms_opt_changed_at END,
          updated_at = CASE WHEN %1$s THEN now() ELSE contacts.updated_at END
      """
          .formatted(INBOUND_OPT_IS_NEWER);

  /**
   * The sender's contact: $1 id of a new one, $2 E.164, $3 occurred at, $4 opted out (null for no
   * keyword). On its own it is the part of an inbound text a salvage must keep.
   */
  private static final String UPSERT_SENDER =
      """
        INSERT INTO contacts (id, phone, phone_e164, type, source, last_contacted_at,
                              sms_opted_out, sms_opted_out_at, sms_opt_changed_at)
        VALUES ($1, $2, $2, 'prospect', 'sms_inbound', $3::timestamptz,
                coalesce($4::boolean, false),
                CASE WHEN $4::boolean THEN $3::timestamptz END,
                CASE WHEN $4::boolean IS NOT NULL THEN $3::timestamptz END)
      """
          + ON_CONFLICT_SENDER
          + "RETURNING id, (xmax = 0) AS created\n";

  private static final String APPLY_INBOUND =
      "WITH contact AS (\n"
          + UPSERT_SENDER
          + """
      ), received AS (
        INSERT INTO contact_activities (id, contact_id, kind, summary, message_sid, status,
                                        occurred_at, dedupe_key)
        SELECT $5, contact.id, 'sms_received', $6, $7, 'received', $3::timestamptz, $8
        FROM contact
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING id
      ), keyword AS (
        INSERT INTO contact_activities (id, contact_id, kind, summary, message_sid, status,
                                        occurred_at, dedupe_key)
        SELECT $9, contact.id, $10, $11, $7, 'received', $3::timestamptz, $12
        FROM contact
        WHERE $4::boolean IS NOT NULL
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING id
      )
      SELECT contact.id, contact.created,
             (SELECT count(*) FROM received) + (SELECT count(*) FROM keyword) AS activities
      FROM contact
      """;

  private static final String STORE_SENDER =
      "WITH contact AS (\n"
          + UPSERT_SENDER
          + ") SELECT contact.id, contact.created, 0::bigint AS activities FROM contact";

  private final Pool pool;

  public InboundTrafficRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Upserts the sender's contact and records the received message (and its opt-out keyword).
   *
   * @param optedOut true for an opt-out keyword, false for opt-in, null for neither
   * @param keyword the keyword activity (kind, summary, dedupe key); ignored when optedOut is null
   */
  public Uni<Applied> applyInbound(
      String phoneE164,
      Instant occurredAt,
      Boolean optedOut,
      NewActivity received,
      NewActivity keyword) {
    Tuple params =
        Tuple.from(
            Arrays.asList(
                UUID.randomUUID(),
                phoneE164,
                TrafficRows.utc(occurredAt),
                optedOut,
                UUID.randomUUID(),
                received.summary(),
                received.messageSid(),
                received.dedupeKey(),
                UUID.randomUUID(),
                keyword == null ? null : keyword.kind(),
                keyword == null ? null : keyword.summary(),
                keyword == null ? null : keyword.dedupeKey()));
    return pool.preparedQuery(APPLY_INBOUND).execute(params).map(TrafficRows::applied);
  }

  /**
   * The sender's contact alone (a salvage): created or found, last_contacted_at forward, and the
   * opt-out keyword applied (newer than the last one only).
   */
  public Uni<Applied> storeSender(String phoneE164, Instant occurredAt, Boolean optedOut) {
    Tuple params =
        Tuple.from(
            Arrays.asList(UUID.randomUUID(), phoneE164, TrafficRows.utc(occurredAt), optedOut));
    return pool.preparedQuery(STORE_SENDER).execute(params).map(TrafficRows::applied);
  }
}
