package com.example.crm.sms.contacts.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * Who deleted which contact, when: the contact's own timeline goes with it, this record stays. It
 * keeps no other data of the contact.
 */
@Entity
@Table(name = "contact_deletions")
public class ContactDeletion {

  @Id public UUID id;

  @Column(name = "contact_id")
  public UUID contactId;

  @Column(name = "actor_subject")
  public String actorSubject;

  @Column(name = "actor_name")
  public String actorName;

  @Column(name = "deleted_at")
  public Instant deletedAt;
}
