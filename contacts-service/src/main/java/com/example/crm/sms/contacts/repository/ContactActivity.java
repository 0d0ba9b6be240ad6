package com.example.crm.sms.contacts.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a contact's timeline. Written only by {@link SmsTrafficRepository} (plain SQL with
 * ON CONFLICT on the dedupe key); read here.
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
}
