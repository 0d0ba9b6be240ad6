package com.example.crm.sms.gateway.rest;

import java.util.UUID;

/**
 * Body of POST /api/messages.
 *
 * @param to recipient in any format libphonenumber reads (default region configurable)
 * @param body 1 to 1600 characters
 * @param contactId the CRM contact, when the caller knows it
 * @param from sender number; the configured default when absent
 */
public record SendMessageRequest(String to, String body, UUID contactId, String from) {}
