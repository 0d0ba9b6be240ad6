package com.example.crm.sms.contacts.service;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a contact came to be. The wire value is the lower-case name. */
public enum ContactSource {
  /** Entered by someone in the CRM. */
  MANUAL,
  /** Created by the first text from an unknown number. */
  SMS_INBOUND,
  /** Loaded by an import. */
  IMPORT;

  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ContactSource> fromWire(String value) {
    return Arrays.stream(values()).filter(s -> s.wireValue().equals(value)).findFirst();
  }
}
