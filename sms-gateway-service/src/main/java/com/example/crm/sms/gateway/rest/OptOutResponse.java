package com.example.crm.sms.gateway.rest;

import java.time.Instant;

/** Whether a number may be texted, and who last changed that and how. */
public record OptOutResponse(
    String phone, boolean optedOut, String source, Instant updatedAt, String updatedBy) {}
