package com.example.crm.sms.contacts.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Applies a batch of changes of texts we sent in ONE statement, with the same outcome as applying
 * them one by one in order ({@link OutboundTrafficRepository}): each change finds its contact (by
 * id, else by number; none: not recorded), each contact is updated once (last_contacted_at to its
 * latest send, opted out by its newest 21610 failure if that is newer than the stored opt change),
 * and every activity is added once (a repeat inside the batch included).
 */
@ApplicationScoped
public class OutboundBatchRepository {

  private static final String OPT_OUT_IS_NEWER =
      "(r.opt_at IS NOT NULL AND (c.sms_opt_changed_at IS NULL OR c.sms_opt_changed_at < r.opt_at))";

  private static final String APPLY_OUTBOUND_BATCH =
      """
      WITH event AS (
        SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::timestamptz[], $4::boolean[],
                             $5::varchar[], $6::varchar[], $7::varchar[], $8::uuid[],
                             $9::varchar[], $10::integer[], $11::varchar[], $12::timestamptz[],
                             $13::varchar[])
          WITH ORDINALITY AS e(contact_id, phone, contacted_at, opted_out, kind, summary, sid,
                               message_id, status, error_code, error_message, occurred_at,
                               dedupe_key, n)
      ), target AS (
        SELECT event.*, t.id AS target_id
        FROM event CROSS JOIN LATERAL (
          SELECT id FROM contacts
          WHERE id = event.contact_id OR phone_e164 = event.phone
          ORDER BY (id = event.contact_id) IS TRUE DESC
          LIMIT 1) t
      ), recipient AS (
        SELECT target_id, max(contacted_at) AS contacted_at,
               max(occurred_at) FILTER (WHERE opted_out) AS opt_at
        FROM target
        GROUP BY target_id
      ), touched AS (
        UPDATE contacts c SET
          last_contacted_at = GREATEST(c.last_contacted_at, r.contacted_at),
          sms_opted_out = CASE WHEN %1$s THEN true ELSE c.sms_opted_out END,
          sms_opted_out_at = CASE WHEN %1$s THEN r.opt_at ELSE c.sms_opted_out_at END,
          sms_opt_changed_at = CASE WHEN %1$s THEN r.opt_at ELSE c.sms_opt_changed_at END,
          updated_at = CASE WHEN %1$s THEN now() ELSE c.updated_at END
        FROM recipient r
        WHERE c.id = r.target_id
          AND ((c.last_contacted_at IS NULL AND r.contacted_at IS NOT NULL)
               OR c.last_contacted_at < r.contacted_at OR %1$s)
      ), activity AS (
        INSERT INTO contact_activities (id, contact_id, kind, summary, message_sid, message_id,
                                        status, error_code, error_message, occurred_at,
                                        dedupe_key)
        SELECT gen_random_uuid(), target_id, kind, summary, sid, message_id, status, error_code,
               error_message, occurred_at, dedupe_key
        FROM target
        ORDER BY n
        ON CONFLICT (dedupe_key) DO NOTHING
      )
      SELECT count(*) FROM target
      """
          .formatted(OPT_OUT_IS_NEWER);

  private final Pool pool;

  public OutboundBatchRepository(Pool pool) {
    this.pool = pool;
  }

  /** Applies the changes, in the order given, in one transaction. */
  public Uni<Void> applyOutbound(List<OutboundTraffic> changes) {
    int size = changes.size();
    UUID[] contactIds = new UUID[size];
    String[] phones = new String[size];
    OffsetDateTime[] contactedAt = new OffsetDateTime[size];
    Boolean[] optedOut = new Boolean[size];
    String[] kinds = new String[size];
    String[] summaries = new String[size];
    String[] sids = new String[size];
    UUID[] messageIds = new UUID[size];
    String[] statuses = new String[size];
    Integer[] errorCodes = new Integer[size];
    String[] errorMessages = new String[size];
    OffsetDateTime[] occurredAt = new OffsetDateTime[size];
    String[] dedupeKeys = new String[size];
    for (int i = 0; i < size; i++) {
      OutboundTraffic c = changes.get(i);
      NewActivity a = c.activity();
      contactIds[i] = c.contactId();
      phones[i] = c.toE164();
      contactedAt[i] = TrafficRows.utc(c.contactedAt());
      optedOut[i] = c.optedOut();
      kinds[i] = a.kind();
      summaries[i] = a.summary();
      sids[i] = a.messageSid();
      messageIds[i] = a.messageId();
      statuses[i] = a.status();
      errorCodes[i] = a.errorCode();
      errorMessages[i] = a.errorMessage();
      occurredAt[i] = TrafficRows.utc(a.occurredAt());
      dedupeKeys[i] = a.dedupeKey();
    }
    Tuple params =
        Tuple.tuple()
            .addValue(contactIds)
            .addValue(phones)
            .addValue(contactedAt)
            .addValue(optedOut)
            .addValue(kinds)
            .addValue(summaries)
            .addValue(sids)
            .addValue(messageIds)
            .addValue(statuses)
            .addValue(errorCodes)
            .addValue(errorMessages)
            .addValue(occurredAt)
            .addValue(dedupeKeys);
    return pool.preparedQuery(APPLY_OUTBOUND_BATCH).execute(params).replaceWithVoid();
  }
}
