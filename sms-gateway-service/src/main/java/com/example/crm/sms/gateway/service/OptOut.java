package com.example.crm.sms.gateway.service;

import java.time.Instant;

/**
 * Whether a number may be texted, and who last changed that and how.
 *
 * @param source {@code keyword}, {@code manual} or {@code error-21610}; null when never changed
 * @param updatedBy who made the change: a token subject (manual), the texting number (keyword), or
 *     null
 * @param reason why, when the last change was manual; null otherwise
 */
public record OptOut(
    String phone,
    boolean optedOut,
    String source,
    Instant updatedAt,
    String updatedBy,
    String reason) {}
