package com.example.crm.sms.gateway.rest;

import java.time.Instant;

/**
 * Whether a number may be texted, and who last changed that and how.
 *
 * @param reason why it was last changed by hand; null when the last change was not manual
 */
public record OptOutResponse(
    String phone,
    boolean optedOut,
    String source,
    Instant updatedAt,
    String updatedBy,
    String reason) {}
