package com.example.crm.sms.contacts.service;

/**
 * An event that can never be applied however often it is retried (no valid number, no message id, a
 * value the database rejects). The consumer sends it to the dead-letter topic; the message becomes
 * the {@code dead-letter-reason} header.
 */
public class UnreadableEventException extends RuntimeException {

  public UnreadableEventException(String message) {
    super(message);
  }

  public UnreadableEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
