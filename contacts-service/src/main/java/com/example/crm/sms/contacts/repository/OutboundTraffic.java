package com.example.crm.sms.contacts.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * What one change of a text we sent writes, as a batch statement takes it.
 *
 * @param toE164 the recipient, when it is a valid number
 * @param contactedAt the send time last_contacted_at moves to; null for none
 * @param optedOut whether the failure says the recipient opted out (21610)
 */
public record OutboundTraffic(
    UUID contactId, String toE164, Instant contactedAt, boolean optedOut, NewActivity activity) {}
