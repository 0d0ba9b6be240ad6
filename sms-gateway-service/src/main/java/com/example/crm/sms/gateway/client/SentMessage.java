package com.example.crm.sms.gateway.client;

import java.time.Instant;

/**
 * A message the carrier has as sent from our account, as its list of messages shows it: what a send
 * whose answer we lost is looked for among (rule 6).
 *
 * @param from the sender number, or null when sent through a Messaging Service
 * @param status its wire status
 */
public record SentMessage(
    String messageSid,
    String to,
    String from,
    String messagingServiceSid,
    String body,
    String status,
    Integer errorCode,
    String errorMessage,
    Instant createdAt) {}
