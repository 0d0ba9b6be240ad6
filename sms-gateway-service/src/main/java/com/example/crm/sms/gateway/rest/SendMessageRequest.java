package com.example.crm.sms.gateway.rest;

/**
 * Body of POST /api/messages.
 *
 * @param to recipient in any format libphonenumber reads (default region configurable)
 * @param body 1 to 1600 characters
 * @param contactId the CRM contact's UUID, when the caller knows it (read as text so a bad value is
 *     a 422 naming the field)
 * @param from sender number; the configured default when absent
 */
public record SendMessageRequest(String to, String body, String contactId, String from) {}
