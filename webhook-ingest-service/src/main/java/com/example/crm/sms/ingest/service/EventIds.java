package com.example.crm.sms.ingest.service;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Event ids of webhooks. Twilio repeats I-Twilio-Idempotency-Token when it retries one webhook, so
 * an id derived from it lets consumers drop the repeat by eventId too; without the header every
 * POST gets a random id and consumers rely on MessageSid (and MessageSid+status).
 */
final class EventIds {

  private EventIds() {}

  static UUID forWebhook(String eventType, String idempotencyToken) {
    if (idempotencyToken == null || idempotencyToken.isBlank()) {
      return UUID.randomUUID();
    }
    return UUID.nameUUIDFromBytes(
        (eventType + "|" + idempotencyToken).getBytes(StandardCharsets.UTF_8));
  }
}
