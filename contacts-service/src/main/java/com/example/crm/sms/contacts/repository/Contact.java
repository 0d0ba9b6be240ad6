package com.example.crm.sms.contacts.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person or company the CRM talks to. Never leaves the service: REST answers with DTOs. */
@Entity
@Table(name = "contacts")
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

  @Column(name = "sms_opted_out")
  public boolean smsOptedOut;

  @Column(name = "sms_opted_out_at")
  public Instant smsOptedOutAt;

  @Column(name = "last_contacted_at")
  public Instant lastContactedAt;

  public String notes;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
