package com.example.crm.sms.contacts.service;

import com.example.crm.sms.contacts.repository.Contact;
import java.time.Instant;
import java.util.UUID;

/**
 * A contact as the service answers it (the entity never leaves the service).
 *
 * @param displayName the name people see: the name, else company, email or formatted number
 * @param phone the number as entered
 * @param phoneDisplay the number formatted for people, e.g. (239) 426-7058
 */
public record ContactDetails(
    UUID id,
    String firstName,
    String lastName,
    String displayName,
    String company,
    String email,
    String phone,
    String phoneE164,
    String phoneDisplay,
    String type,
    String source,
    boolean smsOptedOut,
    Instant lastContactedAt,
    String notes,
    Instant createdAt,
    Instant updatedAt) {

  static ContactDetails of(Contact c, DisplayNames names) {
    return new ContactDetails(
        c.id,
        c.firstName,
        c.lastName,
        names.displayName(c),
        c.company,
        c.email,
        c.phone,
        c.phoneE164,
        names.phoneDisplay(c),
        c.type,
        c.source,
        c.smsOptedOut,
        c.lastContactedAt,
        c.notes,
        c.createdAt,
        c.updatedAt);
  }
}
