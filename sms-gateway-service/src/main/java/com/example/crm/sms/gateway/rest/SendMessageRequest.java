package com.example.crm.sms.gateway.rest;

import java.util.Map;

/**
 * Body of POST /api/messages.
 *
 * @param to recipient in any format libphonenumber reads (default region configurable)
 * @param body 1 to 1600 characters
 * @param contactId the CRM contact's UUID, when the caller knows it (read as text so a bad value is
 *     a 422 naming the field)
 * @param from sender number; the configured default when absent
 * @param sendAt ISO-8601 with offset: a scheduled text, 1 minute to 35 days ahead (read as text so
 *     a bad value is a 422 naming the field)
 * @param fields values of the body's merge fields ({firstName}, {lastName}, {company})
 */
public record SendMessageRequest(
    String to,
    String body,
    String contactId,
    String from,
    String sendAt,
    Map<String, String> fields) {}
