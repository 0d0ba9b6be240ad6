package com.example.crm.sms.contacts.rest;

import java.time.Instant;
import java.util.UUID;

/**
 * A contact as the API shows it.
 *
 * @param displayName the name people see: the name, else company, email or formatted number
 * @param phone the number as entered
 * @param phoneDisplay the number formatted for people, e.g. (239) 426-7058
 */
public record ContactResponse(
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
    Instant updatedAt) {}
