package com.example.crm.sms.gateway.repository;

import com.example.crm.sms.events.MessageStatus;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** One row of sms_messages. Never leaves the service: REST and Kafka get their own records. */
public class MessageEntity {

  public static final String OUTBOUND = "outbound";
  public static final String INBOUND = "inbound";

  static final String COLUMNS =
      "id, direction, contact_id, peer_number, to_number, from_number, messaging_service_sid,"
          + " body, status, segments, encoding, message_sid, error_code, error_message, attempts,"
          + " next_attempt_at, claimed_by, claimed_at, send_started_at, outcome_unknown,"
          + " outcome_unknown_at, created_at, updated_at, sent_at, delivered_at, failed_at,"
          + " sent_by_subject, sent_by_name, campaign_id, priority, send_at, held_until,"
          + " quiet_hours, skipped_opted_out";

  /** priority of one-to-one texts; campaign texts are claimed after them. */
  public static final int PRIORITY_DIRECT = 0;

  public static final int PRIORITY_CAMPAIGN = 1;

  public UUID id;
  public String direction;
  public UUID contactId;
  public String peerNumber;
  public String toNumber;
  public String fromNumber;
  public String messagingServiceSid;
  public String body;
  public MessageStatus status;
  public int segments;
  public String encoding;
  public String messageSid;
  public Integer errorCode;
  public String errorMessage;
  public int attempts;
  public Instant nextAttemptAt;
  public UUID claimedBy;
  public Instant claimedAt;
  public Instant sendStartedAt;
  public boolean outcomeUnknown;
  public Instant outcomeUnknownAt;
  public Instant createdAt;
  public Instant updatedAt;
  public Instant sentAt;
  public Instant deliveredAt;
  public Instant failedAt;

  /** Who sent an outbound text (the token's subject and display name); null for inbound. */
  public String sentBySubject;

  public String sentByName;

  /** The campaign this text belongs to, or null. */
  public UUID campaignId;

  /** {@link #PRIORITY_DIRECT} or {@link #PRIORITY_CAMPAIGN}. */
  public int priority;

  /** The time a scheduled text was asked for, or null. */
  public Instant sendAt;

  /** When a text held for quiet hours goes, or null. */
  public Instant heldUntil;

  /** Whether the recipient's quiet hours apply (campaign and scheduled texts). */
  public boolean quietHours;

  /** Not sent because the recipient opted out (a campaign's skipped_opted_out). */
  public boolean skippedOptedOut;

  /**
   * The media items (MMS) of a new inbound text, for its conversation; not a column of this table
   * (0 for a row read back).
   */
  public int mediaCount;

  /** PostgreSQL keeps microseconds; the cursor of the history API relies on equal values. */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  /** The rate-limit key of the sender: its number, or its Messaging Service. */
  public String senderKey() {
    return fromNumber != null
        ? fromNumber
        : "ms:" + (messagingServiceSid == null ? "" : messagingServiceSid);
  }

  static MessageEntity from(Row row) {
    MessageEntity m = new MessageEntity();
    m.id = row.getUUID("id");
    m.direction = row.getString("direction");
    m.contactId = row.getUUID("contact_id");
    m.peerNumber = row.getString("peer_number");
    m.toNumber = row.getString("to_number");
    m.fromNumber = row.getString("from_number");
    m.messagingServiceSid = row.getString("messaging_service_sid");
    m.body = row.getString("body");
    m.status = MessageStatus.fromWire(row.getString("status")).orElse(MessageStatus.UNKNOWN);
    m.segments = row.getInteger("segments");
    m.encoding = row.getString("encoding");
    m.messageSid = row.getString("message_sid");
    m.errorCode = row.getInteger("error_code");
    m.errorMessage = row.getString("error_message");
    m.attempts = row.getInteger("attempts");
    m.nextAttemptAt = instant(row, "next_attempt_at");
    m.claimedBy = row.getUUID("claimed_by");
    m.claimedAt = instant(row, "claimed_at");
    m.sendStartedAt = instant(row, "send_started_at");
    m.outcomeUnknown = row.getBoolean("outcome_unknown");
    m.outcomeUnknownAt = instant(row, "outcome_unknown_at");
    m.createdAt = instant(row, "created_at");
    m.updatedAt = instant(row, "updated_at");
    m.sentAt = instant(row, "sent_at");
    m.deliveredAt = instant(row, "delivered_at");
    m.failedAt = instant(row, "failed_at");
    m.sentBySubject = row.getString("sent_by_subject");
    m.sentByName = row.getString("sent_by_name");
    m.campaignId = row.getUUID("campaign_id");
    m.priority = row.getInteger("priority");
    m.sendAt = instant(row, "send_at");
    m.heldUntil = instant(row, "held_until");
    m.quietHours = row.getBoolean("quiet_hours");
    m.skippedOptedOut = row.getBoolean("skipped_opted_out");
    return m;
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
