package com.example.crm.sms.contacts.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A person or company the CRM talks to. Never leaves the service: REST answers with DTOs.
 *
 * <p>An edit writes only the columns it changed, and never the ones SMS events own (opt-out state,
 * last contacted): an edit racing with an event must not write back what it read.
 */
@Entity
@Table(name = "contacts")
@DynamicUpdate
public class Contact {

  @Id public UUID id;

  @Column(name = "first_name")
  public String firstName;

  @Column(name = "last_name")
  public String lastName;

  public String company;

  public String email;

  /** As entered. */
  public String phone;

  @Column(name = "phone_e164")
  public String phoneE164;

  /** Wire value of {@code ContactType}. */
  public String type;

  /** Wire value of {@code ContactSource}. */
  public String source;

  @Column(name = "sms_opted_out", insertable = false, updatable = false)
  public boolean smsOptedOut;

  @Column(name = "sms_opted_out_at", insertable = false, updatable = false)
  public Instant smsOptedOutAt;

  @Column(name = "last_contacted_at", insertable = false, updatable = false)
  public Instant lastContactedAt;

  public String notes;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
