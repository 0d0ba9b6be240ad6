package com.example.crm.sms.contacts.service;

import com.example.crm.sms.contacts.repository.Contact;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The fields of a contact that people write, in the order people read them (e.g. in "Edited by"):
 * the one table that the API's parsing, its checks, its unknown-member answers, its OpenAPI schema
 * and the activity log's list of changed fields derive from.
 */
public enum ContactField {
  FIRST_NAME("firstName", 100, Rule.TEXT, true, c -> c.firstName, (c, v) -> c.firstName = v),
  LAST_NAME("lastName", 100, Rule.TEXT, true, c -> c.lastName, (c, v) -> c.lastName = v),
  COMPANY("company", 200, Rule.TEXT, true, c -> c.company, (c, v) -> c.company = v),
  EMAIL("email", 320, Rule.EMAIL, true, c -> c.email, (c, v) -> c.email = v),
  /** Stored as entered; its E.164 form (phone_e164, unique) goes with it. */
  PHONE("phone", 64, Rule.PHONE, true, c -> c.phone, (c, v) -> c.phone = v),
  TYPE("type", 32, Rule.CONTACT_TYPE, false, c -> c.type, (c, v) -> c.type = v),
  /** Chosen once, on create; sms_inbound is set by the service itself. */
  SOURCE("source", null, Rule.NEW_SOURCE, false, c -> c.source, (c, v) -> c.source = v),
  NOTES("notes", 10_000, Rule.TEXT, false, c -> c.notes, (c, v) -> c.notes = v);

  /** What a value of a field must be, and the form it is stored in. */
  public enum Rule {
    /** Any text within the length limit. */
    TEXT,
    /** An email address (a light syntax check). */
    EMAIL,
    /** A number libphonenumber accepts, in any format; normalised to E.164 too. */
    PHONE,
    /** A {@link ContactType} wire value, in any case; stored in lower case; never empty. */
    CONTACT_TYPE,
    /** {@link ContactSource#MANUAL} or {@link ContactSource#IMPORT}; default manual. */
    NEW_SOURCE
  }

  private final String jsonName;
  private final Integer maxLength;
  private final Rule rule;
  private final boolean identifies;
  private final Function<Contact, String> getter;
  private final BiConsumer<Contact, String> setter;

  ContactField(
      String jsonName,
      Integer maxLength,
      Rule rule,
      boolean identifies,
      Function<Contact, String> getter,
      BiConsumer<Contact, String> setter) {
    this.jsonName = jsonName;
    this.maxLength = maxLength;
    this.rule = rule;
    this.identifies = identifies;
    this.getter = getter;
    this.setter = setter;
  }

  /** The member's name in the API's JSON. */
  public String jsonName() {
    return jsonName;
  }

  /** The longest value, in characters (code points); empty when the rule bounds it instead. */
  public Optional<Integer> maxLength() {
    return Optional.ofNullable(maxLength);
  }

  public Rule rule() {
    return rule;
  }

  /** Whether a value of it is enough to tell the contact apart: a new one needs one of these. */
  public boolean identifies() {
    return identifies;
  }

  /** Whether a merge patch may change it (every field but the source). */
  public boolean editable() {
    return rule != Rule.NEW_SOURCE;
  }

  /** The values the rule allows, for the API document; empty when it allows any text. */
  public List<String> allowedValues() {
    return switch (rule) {
      case CONTACT_TYPE -> ContactType.wireValueList();
      case NEW_SOURCE ->
          List.of(ContactSource.MANUAL.wireValue(), ContactSource.IMPORT.wireValue());
      default -> List.of();
    };
  }

  /** The value a new contact gets when none is given; null for none. */
  public String createDefault() {
    return switch (rule) {
      case CONTACT_TYPE -> ContactType.PROSPECT.wireValue();
      case NEW_SOURCE -> ContactSource.MANUAL.wireValue();
      default -> null;
    };
  }

  String get(Contact contact) {
    return getter.apply(contact);
  }

  void set(Contact contact, String value) {
    setter.accept(contact, value);
  }

  public static Optional<ContactField> byJsonName(String name) {
    return Arrays.stream(values()).filter(f -> f.jsonName.equals(name)).findFirst();
  }

  /** The JSON names of the fields a merge patch may change, in reading order. */
  public static List<String> editableNames() {
    return Arrays.stream(values()).filter(ContactField::editable).map(f -> f.jsonName).toList();
  }
}
