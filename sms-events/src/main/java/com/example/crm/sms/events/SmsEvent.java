package com.example.crm.sms.events;

import java.time.Instant;
import java.util.UUID;

/** The envelope every event on every topic carries. */
public interface SmsEvent {

  /** Unique per event; consumers use it to make a redelivery a no-op. */
  UUID eventId();

  /** What happened, e.g. {@code sms.inbound.received}. */
  String type();

  /** When it happened, in UTC. */
  Instant occurredAt();

  /** Version of the payload shape within the topic; a breaking change gets a new topic. */
  int schemaVersion();
}
