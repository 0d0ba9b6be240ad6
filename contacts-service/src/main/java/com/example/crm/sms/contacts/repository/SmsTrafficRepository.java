package com.example.crm.sms.contacts.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Applies SMS traffic to contacts. Each event is ONE SQL statement (data-modifying CTEs), so it is
 * atomic on its own and costs one round trip; unique keys make every repeat a no-op:
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
public class SmsTrafficRepository {

  /** An opt-out/opt-in applies only if it is newer than the last one recorded. */
  private static final String INBOUND_OPT_IS_NEWER =
      "(EXCLUDED.sms_opt_changed_at IS NOT NULL AND (contacts.sms_opt_changed_at IS NULL"
          + " OR contacts.sms_opt_changed_at < EXCLUDED.sms_opt_changed_at))";

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
        ON CONFLICT (phone_e164) DO UPDATE SET
          last_contacted_at = GREATEST(contacts.last_contacted_at, EXCLUDED.last_contacted_at),
          sms_opted_out = CASE WHEN %1$s THEN EXCLUDED.sms_opted_out
                               ELSE contacts.sms_opted_out END,
          sms_opted_out_at = CASE WHEN %1$s THEN EXCLUDED.sms_opted_out_at
                                  ELSE contacts.sms_opted_out_at END,
          sms_opt_changed_at = CASE WHEN %1$s THEN EXCLUDED.sms_opt_changed_at
                                    ELSE contacts.sms_opt_changed_at END,
          updated_at = CASE WHEN %1$s THEN now() ELSE contacts.updated_at END
        RETURNING id, (xmax = 0) AS created
      """
          .formatted(INBOUND_OPT_IS_NEWER);

  /** The statement the benchmark (bench/inbound.sql) runs through pgbench too: keep them alike. */
  static final String APPLY_INBOUND =
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

  private static final String INSERT_ACTIVITY =
      """
      INSERT INTO contact_activities (id, contact_id, kind, summary, message_sid, message_id,
                                      status, error_code, error_message, occurred_at, dedupe_key)
      VALUES ($1, $2, $3, $4, $5, $6::uuid, $7, $8::integer, $9, $10::timestamptz, $11)
      ON CONFLICT (dedupe_key) DO NOTHING
      """;

  private final Pool pool;

  public SmsTrafficRepository(Pool pool) {
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
                utc(occurredAt),
                optedOut,
                UUID.randomUUID(),
                received.summary(),
                received.messageSid(),
                received.dedupeKey(),
                UUID.randomUUID(),
                keyword == null ? null : keyword.kind(),
                keyword == null ? null : keyword.summary(),
                keyword == null ? null : keyword.dedupeKey()));
    return pool.preparedQuery(APPLY_INBOUND).execute(params).map(SmsTrafficRepository::applied);
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
                utc(contactedAt),
                UUID.randomUUID(),
                activity.kind(),
                activity.summary(),
                activity.messageSid(),
                activity.messageId(),
                activity.status(),
                activity.errorCode(),
                activity.errorMessage(),
                utc(activity.occurredAt()),
                activity.dedupeKey(),
                optedOut));
    return pool.preparedQuery(APPLY_OUTBOUND).execute(params).map(SmsTrafficRepository::applied);
  }

  /**
   * The sender's contact alone (a salvage): created or found, last_contacted_at forward, and the
   * opt-out keyword applied (newer than the last one only).
   */
  public Uni<Applied> storeSender(String phoneE164, Instant occurredAt, Boolean optedOut) {
    Tuple params =
        Tuple.from(Arrays.asList(UUID.randomUUID(), phoneE164, utc(occurredAt), optedOut));
    return pool.preparedQuery(STORE_SENDER).execute(params).map(SmsTrafficRepository::applied);
  }

  /**
   * The recipient's contact alone (a salvage): last_contacted_at forward and the opt-out of error
   * 21610 applied. Empty when no contact matches.
   */
  public Uni<Applied> touchRecipient(
      UUID contactId, String phoneE164, Instant contactedAt, boolean optedOut, Instant occurredAt) {
    Tuple params =
        Tuple.from(
            Arrays.asList(contactId, phoneE164, utc(contactedAt), utc(occurredAt), optedOut));
    return pool.preparedQuery(STORE_RECIPIENT).execute(params).map(SmsTrafficRepository::applied);
  }

  /** Adds activities to a contact, each once (dedupe key); answers how many were new. */
  public Uni<Integer> insertActivities(UUID contactId, List<NewActivity> activities) {
    List<Tuple> batch =
        activities.stream()
            .map(
                a ->
                    Tuple.from(
                        Arrays.asList(
                            UUID.randomUUID(),
                            contactId,
                            a.kind(),
                            a.summary(),
                            a.messageSid(),
                            a.messageId(),
                            a.status(),
                            a.errorCode(),
                            a.errorMessage(),
                            utc(a.occurredAt()),
                            a.dedupeKey())))
            .toList();
    return pool.preparedQuery(INSERT_ACTIVITY)
        .executeBatch(batch)
        .map(
            rows -> {
              int inserted = 0;
              for (var r = rows; r != null; r = r.next()) {
                inserted += r.rowCount();
              }
              return inserted;
            });
  }

  private static Applied applied(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
    RowIterator<Row> it = rows.iterator();
    if (!it.hasNext()) {
      return null;
    }
    Row row = it.next();
    return new Applied(row.getUUID("id"), row.getBoolean("created"), row.getLong("activities"));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** An activity to record; fields that do not apply are null. */
  public record NewActivity(
      String kind,
      String summary,
      String messageSid,
      UUID messageId,
      String status,
      Integer errorCode,
      String errorMessage,
      Instant occurredAt,
      String dedupeKey) {}

  /**
   * @param contactId the contact the event was applied to
   * @param created whether this event created the contact
   * @param activities how many activities it added (0 for a repeat)
   */
  public record Applied(UUID contactId, boolean created, long activities) {}
}
