package com.example.crm.sms.contacts.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Applies a batch of texts from contacts in ONE statement (so one transaction and one round trip),
 * with the same outcome as applying them one by one in order ({@link InboundTrafficRepository}):
 * one upsert row per number (last_contacted_at its latest text, the opt-out/opt-in of its newest
 * keyword, the first in order among equally new ones, applied only if newer than the stored one),
 * then every activity once ({@code ON CONFLICT (dedupe_key) DO NOTHING}, a repeat inside the batch
 * included). Numbers are upserted in sorted order, so two batches lock shared contacts alike.
 */
@ApplicationScoped
public class InboundBatchRepository {

  /** The statement bench/run.sh also runs through pgbench (PgbenchScript): keep them one. */
  static final String APPLY_INBOUND_BATCH =
      """
      WITH event AS (
        SELECT * FROM unnest($1::varchar[], $2::timestamptz[], $3::boolean[], $4::varchar[],
                             $5::varchar[], $6::varchar[], $7::varchar[], $8::varchar[],
                             $9::varchar[])
          WITH ORDINALITY AS e(phone, occurred_at, opted_out, summary, sid, received_key,
                               keyword_kind, keyword_summary, keyword_key, n)
      ), sender AS (
        SELECT phone, max(occurred_at) AS last_at,
               (array_agg(opted_out ORDER BY occurred_at DESC, n)
                  FILTER (WHERE opted_out IS NOT NULL))[1] AS opted_out,
               max(occurred_at) FILTER (WHERE opted_out IS NOT NULL) AS opt_at
        FROM event
        GROUP BY phone
      ), contact AS (
        INSERT INTO contacts (id, phone, phone_e164, type, source, last_contacted_at,
                              sms_opted_out, sms_opted_out_at, sms_opt_changed_at)
        SELECT gen_random_uuid(), phone, phone, 'prospect', 'sms_inbound', last_at,
               coalesce(opted_out, false), CASE WHEN opted_out THEN opt_at END, opt_at
        FROM sender
        ORDER BY phone
      """
          + InboundTrafficRepository.ON_CONFLICT_SENDER
          + """
        RETURNING id, phone_e164, (xmax = 0) AS created
      ), activity AS (
        INSERT INTO contact_activities (id, contact_id, kind, summary, message_sid, status,
                                        occurred_at, dedupe_key)
        SELECT gen_random_uuid(), contact.id, a.kind, a.summary, a.sid, 'received', a.occurred_at,
               a.dedupe_key
        FROM (SELECT n, 0 AS k, phone, 'sms_received' AS kind, summary, sid,
                     occurred_at, received_key AS dedupe_key
              FROM event
              UNION ALL
              SELECT n, 1, phone, keyword_kind, keyword_summary, sid, occurred_at,
                     keyword_key
              FROM event
              WHERE opted_out IS NOT NULL) a
        JOIN contact ON contact.phone_e164 = a.phone
        ORDER BY a.n, a.k
        ON CONFLICT (dedupe_key) DO NOTHING
      )
      SELECT id FROM contact WHERE created
      """;

  private final Pool pool;

  public InboundBatchRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Applies the texts, in the order given, in one transaction.
   *
   * @return the ids of the contacts the batch created
   */
  public Uni<List<UUID>> applyInbound(List<InboundTraffic> texts) {
    int size = texts.size();
    String[] phones = new String[size];
    OffsetDateTime[] at = new OffsetDateTime[size];
    Boolean[] optedOut = new Boolean[size];
    String[] summaries = new String[size];
    String[] sids = new String[size];
    String[] receivedKeys = new String[size];
    String[] keywordKinds = new String[size];
    String[] keywordSummaries = new String[size];
    String[] keywordKeys = new String[size];
    for (int i = 0; i < size; i++) {
      InboundTraffic t = texts.get(i);
      phones[i] = t.phoneE164();
      at[i] = TrafficRows.utc(t.occurredAt());
      optedOut[i] = t.optedOut();
      summaries[i] = t.received().summary();
      sids[i] = t.received().messageSid();
      receivedKeys[i] = t.received().dedupeKey();
      if (t.keyword() != null) {
        keywordKinds[i] = t.keyword().kind();
        keywordSummaries[i] = t.keyword().summary();
        keywordKeys[i] = t.keyword().dedupeKey();
      }
    }
    Tuple params =
        Tuple.tuple()
            .addValue(phones)
            .addValue(at)
            .addValue(optedOut)
            .addValue(summaries)
            .addValue(sids)
            .addValue(receivedKeys)
            .addValue(keywordKinds)
            .addValue(keywordSummaries)
            .addValue(keywordKeys);
    return pool.preparedQuery(APPLY_INBOUND_BATCH)
        .execute(params)
        .map(
            rows -> {
              List<UUID> created = new ArrayList<>();
              for (Row row : rows) {
                created.add(row.getUUID("id"));
              }
              return created;
            });
  }
}
