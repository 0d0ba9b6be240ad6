package com.example.crm.sms.contacts.repository;

import java.time.Instant;

/**
 * What one text from a contact writes, as a batch statement takes it.
 *
 * @param optedOut true for an opt-out keyword, false for opt-in, null for neither
 * @param keyword the keyword's activity; null when optedOut is null
 */
public record InboundTraffic(
    String phoneE164,
    Instant occurredAt,
    Boolean optedOut,
    NewActivity received,
    NewActivity keyword) {}
