package com.example.crm.sms.common.db;

/** An event the database refused even in its salvaged form: dead-lettered with this reason. */
public class UnstorableEventException extends RuntimeException {

  public UnstorableEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
