package com.example.crm.sms.contacts.service;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a contact is to the business, in the order the console offers them: the one list of types
 * (the API document and the console's /console/config.json take theirs from here). The wire value
 * is the lower-case name.
 */
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

  /** The wire values in order. */
  public static List<String> wireValueList() {
    return Arrays.stream(values()).map(ContactType::wireValue).toList();
  }

  /** The wire values as a message lists them: "prospect, lead, …". */
  public static String wireValues() {
    return String.join(", ", wireValueList());
  }
}
