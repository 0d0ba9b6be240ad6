package com.example.crm.sms.gateway.service;

/** An event that can never be applied (missing SID, unknown status): it goes to the DLQ. */
public class InvalidEventException extends RuntimeException {

  public InvalidEventException(String message) {
    super(message);
  }
}
