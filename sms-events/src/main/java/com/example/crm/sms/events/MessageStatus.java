package com.example.crm.sms.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every status Twilio reports for a message, plus {@link #UNKNOWN} for a send whose outcome the
 * gateway could not learn. The wire value is Twilio's lower-case spelling.
 */
public enum MessageStatus {
  ACCEPTED,
  SCHEDULED,
  QUEUED,
  SENDING,
  SENT,
  DELIVERED,
  UNDELIVERED,
  FAILED,
  READ,
  CANCELED,
  PARTIALLY_DELIVERED,
  RECEIVING,
  RECEIVED,
  UNKNOWN;

  @JsonValue
  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses Twilio's spelling; empty for a status this contract does not know. */
  public static Optional<MessageStatus> fromWire(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String normalised = value.trim().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.name().equals(normalised)).findFirst();
  }

  @JsonCreator
  static MessageStatus fromJson(String value) {
    return fromWire(value)
        .orElseThrow(() -> new IllegalArgumentException("unknown message status: " + value));
  }
}
