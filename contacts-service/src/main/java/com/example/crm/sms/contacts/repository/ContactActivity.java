package com.example.crm.sms.contacts.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a contact's timeline. SMS traffic is written by {@link InboundTrafficRepository},
 * {@link OutboundTrafficRepository} and {@link TrafficActivityRepository} (plain SQL with ON
 * CONFLICT on the dedupe key), an opt-out lifted in the gateway by {@link OptOutChangeRepository}
 * (naming the admin); a person's create, edit or note through the API is persisted with the
 * contact, in its transaction, naming the signed-in actor.
 */
@Entity
@Table(name = "contact_activities")
public class ContactActivity {

  @Id public UUID id;

  @Column(name = "contact_id")
  public UUID contactId;

  public String kind;

  public String summary;

  @Column(name = "message_sid")
  public String messageSid;

  @Column(name = "message_id")
  public UUID messageId;

  public String status;

  @Column(name = "error_code")
  public Integer errorCode;

  @Column(name = "error_message")
  public String errorMessage;

  @Column(name = "occurred_at")
  public Instant occurredAt;

  @Column(name = "created_at")
  public Instant createdAt;

  /** Unique: what makes a redelivered event a no-op. */
  @Column(name = "dedupe_key")
  public String dedupeKey;

  /** The token's subject of whoever did it through an API; null for SMS traffic. */
  @Column(name = "actor_subject")
  public String actorSubject;

  /** Their name as people read it, when they did it. */
  @Column(name = "actor_name")
  public String actorName;
}
