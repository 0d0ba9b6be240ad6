package com.example.crm.sms.gateway.service;

import java.util.Map;

/**
 * A text to send, as the caller wrote it: {@link SendService} checks every field.
 *
 * @param to the recipient in any format libphonenumber reads (default region configurable)
 * @param body the text, possibly with merge fields ({@link MergeFields})
 * @param contactId the CRM contact's UUID as text, or null
 * @param from the sender number; the configured default when null
 * @param sendAt ISO-8601 with offset, for a scheduled text; null to send now
 * @param fields the merge fields' values, or null
 */
public record MessageDraft(
    String to,
    String body,
    String contactId,
    String from,
    String sendAt,
    Map<String, String> fields) {}
