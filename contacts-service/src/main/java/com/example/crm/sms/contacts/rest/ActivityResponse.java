package com.example.crm.sms.contacts.rest;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a contact's timeline.
 *
 * @param kind sms_received, sms_sent, sms_delivered, sms_failed, sms_opted_out or sms_opted_in
 * @param summary what people read: a preview of the text, and the reason of a failure
 * @param status the message status the activity records (received, sent, delivered, failed,
 *     undelivered)
 */
public record ActivityResponse(
    UUID id,
    UUID contactId,
    String kind,
    String summary,
    String messageSid,
    UUID messageId,
    String status,
    Integer errorCode,
    String errorMessage,
    Instant occurredAt) {}
