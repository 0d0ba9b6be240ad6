package com.example.crm.sms.gateway.rest;

import java.time.Instant;
import java.util.UUID;

/** One text as the REST API and the live stream show it. */
public record MessageResponse(
    UUID id,
    String direction,
    String to,
    String from,
    String body,
    String status,
    int segments,
    String encoding,
    String messageSid,
    UUID contactId,
    Integer errorCode,
    String errorMessage,
    Instant createdAt,
    Instant updatedAt,
    Instant sentAt,
    Instant deliveredAt,
    Instant failedAt) {}
