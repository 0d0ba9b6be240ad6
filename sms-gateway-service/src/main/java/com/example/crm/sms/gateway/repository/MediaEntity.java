package com.example.crm.sms.gateway.repository;

import java.util.UUID;

/**
 * One row of message_media: the n-th media item of an inbound text.
 *
 * @param url the carrier's URL of the item (Twilio's MediaUrlN)
 * @param contentType Twilio's MediaContentTypeN, or null when it sent none
 */
public record MediaEntity(UUID messageId, int n, String url, String contentType) {}
