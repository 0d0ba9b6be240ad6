package com.example.crm.sms.gateway.service;

/**
 * A text to send, as the caller wrote it: {@link SendService} checks every field.
 *
 * @param to the recipient in any format libphonenumber reads (default region configurable)
 * @param contactId the CRM contact's UUID as text, or null
 * @param from the sender number; the configured default when null
 */
public record MessageDraft(String to, String body, String contactId, String from) {}
