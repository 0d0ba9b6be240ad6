package com.example.crm.sms.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * conversations: one row per peer number, written in the transaction of each message a conversation
 * gains (the history's texts: never a draft campaign's). Each write names each conversation once
 * and locks them in phone order, so concurrent batches wait on each other but never deadlock.
 */
@ApplicationScoped
public class ConversationRepository {

  /**
   * How a conversation takes a message (or a batch's newest one of it, with the batch's count of
   * inbound texts): the newest by (created_at, id) becomes the last message, as the history orders
   * them, and a text older than the last (an inbound one delivered late) only counts.
   */
  /**
   * How a conversation takes a message (or a batch's newest one of it, with the batch's count of
   * inbound texts): the newest by (created_at, id) becomes the last message, as the history orders
   * them, and a text older than the last (an inbound one delivered late) only counts.
   */
  private static final String NEWER =
      "(excluded.last_activity_at, excluded.last_message_id)"
          + " > (c.last_activity_at, c.last_message_id)";

  private static final String MERGE =
      " ON CONFLICT (phone) DO UPDATE SET"
          + " inbound_count = c.inbound_count + excluded.inbound_count,"
          + " last_message_id = CASE WHEN "
          + NEWER
          + " THEN excluded.last_message_id ELSE c.last_message_id END,"
          + " last_activity_at = CASE WHEN "
          + NEWER
          + " THEN excluded.last_activity_at ELSE c.last_activity_at END,"
          + " last_media_count = CASE WHEN "
          + NEWER
          + " THEN excluded.last_media_count ELSE c.last_media_count END,"
          + " contact_id = CASE WHEN "
          + NEWER
          + " THEN coalesce(excluded.contact_id, c.contact_id)"
          + " ELSE coalesce(c.contact_id, excluded.contact_id) END";

  private static final String INSERT =
      "INSERT INTO conversations AS c (phone, last_message_id, last_activity_at, last_media_count,"
          + " inbound_count, contact_id) ";

  /**
   * The statement that adds the messages of {@code source} (a CTE or table with columns id,
   * peer_number, direction, created_at, contact_id, one message per peer number) to their
   * conversations, for a statement that writes messages and their conversations at once.
   */
  public static String addFrom(String source) {
    return INSERT
        + "SELECT peer_number, id, created_at, 0,"
        + " CASE WHEN direction = 'inbound' THEN 1 ELSE 0 END, contact_id FROM "
        + source
        + " ORDER BY peer_number"
        + MERGE;
  }

  /** Adds newly stored messages to their conversations, in one statement. */
  public Uni<Void> added(SqlClient db, List<MessageEntity> stored) {
    if (stored.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    // Per number: the newest message, how many are inbound, the newest contact named.
    Map<String, Latest> byPhone = new TreeMap<>();
    stored.forEach(m -> byPhone.computeIfAbsent(m.peerNumber, p -> new Latest()).add(m));
    int n = byPhone.size();
    String[] phones = byPhone.keySet().toArray(String[]::new);
    UUID[] ids = new UUID[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    Integer[] media = new Integer[n];
    Long[] inbound = new Long[n];
    UUID[] contacts = new UUID[n];
    for (int i = 0; i < n; i++) {
      Latest l = byPhone.get(phones[i]);
      ids[i] = l.newest.id;
      at[i] = MessageRepository.odt(l.newest.createdAt);
      media[i] = l.newest.mediaCount;
      inbound[i] = l.inbound;
      contacts[i] = l.contactId;
    }
    return db.preparedQuery(
            INSERT
                + "SELECT * FROM unnest($1::varchar[], $2::uuid[], $3::timestamptz[], $4::int[],"
                + " $5::bigint[], $6::uuid[]) ORDER BY 1"
                + MERGE)
        .execute(
            Tuple.tuple()
                .addArrayOfString(phones)
                .addArrayOfUUID(ids)
                .addArrayOfOffsetDateTime(at)
                .addArrayOfInteger(media)
                .addArrayOfLong(inbound)
                .addArrayOfUUID(contacts))
        .replaceWithVoid();
  }

  /**
   * Adds a campaign's texts to their conversations once they are to be sent (the campaign left
   * draft, or took recipients while scheduled), announcing each to the live streams: {@code ids} of
   * its texts, or null for all of them. A campaign has one text per number.
   */
  public Uni<Void> addedCampaignTexts(SqlClient db, UUID campaignId, UUID[] ids) {
    return db.preparedQuery(
            "WITH texts AS (SELECT id, peer_number, direction, created_at, contact_id"
                + " FROM sms_messages WHERE campaign_id = $1"
                + " AND ($2::uuid[] IS NULL OR id = ANY($2))),"
                + " added AS ("
                + addFrom("texts")
                + ") SELECT count(*) FROM (SELECT pg_notify($3,"
                + " json_build_object('id', id, 'phone', peer_number)::text) FROM texts) n")
        .execute(
            Tuple.tuple()
                .addUUID(campaignId)
                .addArrayOfUUID(ids)
                .addString(NotifyRepository.CHANNEL))
        .replaceWithVoid();
  }

  /** A batch's messages of one number, folded. */
  private static final class Latest {
    MessageEntity newest;
    long inbound;
    UUID contactId;
    private MessageEntity contactOf;

    void add(MessageEntity m) {
      if (MessageEntity.INBOUND.equals(m.direction)) {
        inbound++;
      }
      if (newest == null || later(m, newest.createdAt, newest.id)) {
        newest = m;
      }
      if (m.contactId != null
          && (contactOf == null || later(m, contactOf.createdAt, contactOf.id))) {
        contactId = m.contactId;
        contactOf = m;
      }
    }

    /** Whether {@code m} comes after (at, id) in PostgreSQL's order (uuids compare unsigned). */
    private static boolean later(MessageEntity m, Instant at, UUID id) {
      int byTime = m.createdAt.compareTo(at);
      if (byTime != 0) {
        return byTime > 0;
      }
      int high = Long.compareUnsigned(m.id.getMostSignificantBits(), id.getMostSignificantBits());
      return high != 0
          ? high > 0
          : Long.compareUnsigned(m.id.getLeastSignificantBits(), id.getLeastSignificantBits()) > 0;
    }
  }
}
