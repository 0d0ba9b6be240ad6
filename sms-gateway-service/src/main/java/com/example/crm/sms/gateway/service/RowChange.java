package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.MessageStatus;
import java.time.Instant;

/**
 * What happens to one message row, as {@link MessageLifecycle} decides it; {@link LifecycleWriter}
 * applies it.
 *
 * @param status the new status, or null to keep it. With a {@code messageSid} it is the carrier's
 *     status and moves the row forward only (rule 4, docs/architecture.md); without one it is our
 *     decision (failed, unknown) about a row this replica holds.
 * @param messageSid the SID the carrier gave the text, or null
 * @param errorCode the carrier's error code, or null to keep the row's
 * @param errorMessage the row's error message (null clears it); with a {@code messageSid}, the
 *     carrier's message that goes with its status
 * @param clearClaim whether the claim of the dispatching replica ends
 * @param retryAt when set, the text stays queued and is attempted again from then on
 * @param optOut whether the recipient is opted out (Twilio 21610)
 */
public record RowChange(
    MessageStatus status,
    String messageSid,
    Integer errorCode,
    String errorMessage,
    boolean clearClaim,
    Instant retryAt,
    boolean optOut) {}
