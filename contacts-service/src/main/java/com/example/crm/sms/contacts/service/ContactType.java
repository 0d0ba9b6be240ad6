package com.example.crm.sms.contacts.service;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a contact is to the business. The wire value is the lower-case name. */
public enum ContactType {
  PROSPECT,
  LEAD,
  CUSTOMER,
  PARTNER,
  VENDOR,
  OTHER;

  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ContactType> fromWire(String value) {
    return Arrays.stream(values()).filter(t -> t.wireValue().equals(value)).findFirst();
  }

  public static String wireValues() {
    return String.join(", ", Arrays.stream(values()).map(ContactType::wireValue).toList());
  }
}
