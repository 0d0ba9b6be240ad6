package com.example.crm.sms.contacts.service;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.contacts.repository.Contact;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Validated values for a new contact or a merge-patch of one: only the fields named are changed, a
 * field given as null (or blank) is cleared. Invalid input fails with one 422 problem naming every
 * bad field; text with a control character or a lone surrogate (DESIGN rule 12) fails first, naming
 * the field and the position, before anything else is looked at.
 */
public final class ContactChanges {

  /** The editable fields, by their JSON name, with their longest allowed value. */
  static final Map<String, Integer> EDITABLE =
      Map.of(
          "firstName", 100,
          "lastName", 100,
          "company", 200,
          "email", 320,
          "phone", 64,
          "type", 32,
          "notes", 10_000);

  /** Every field a change may name, in the order people read them (e.g. in "Edited by"). */
  static final List<String> FIELD_ORDER =
      List.of("firstName", "lastName", "company", "email", "phone", "type", "source", "notes");

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$");

  private final Map<String, String> values;
  private final String phoneE164;

  private ContactChanges(Map<String, String> values, String phoneE164) {
    this.values = Collections.unmodifiableMap(values);
    this.phoneE164 = phoneE164;
  }

  /**
   * Validates a new contact. {@code source} may be manual (default) or import; sms_inbound is set
   * by the service itself.
   */
  public static ContactChanges forCreate(Map<String, String> input, PhoneNumbers phones) {
    requireSafe(input);
    Map<String, String> fields = new LinkedHashMap<>(input);
    List<Problem.FieldError> errors = new ArrayList<>();
    String source = trimToNull(fields.remove("source"));
    if (source != null
        && !source.equals(ContactSource.MANUAL.wireValue())
        && !source.equals(ContactSource.IMPORT.wireValue())) {
      errors.add(new Problem.FieldError("source", "must be manual or import"));
    }
    ContactChanges changes = validate(fields, phones, errors);
    boolean identified =
        changes.values.keySet().stream()
            .anyMatch(
                f ->
                    List.of("firstName", "lastName", "company", "email", "phone").contains(f)
                        && changes.values.get(f) != null);
    if (!identified && errors.isEmpty()) {
      errors.add(
          new Problem.FieldError(
              "firstName", "a contact needs a name, a company, an email or a phone number"));
    }
    throwIfAny(errors);
    Map<String, String> all = new LinkedHashMap<>(changes.values);
    if (all.get("type") == null) {
      all.put("type", ContactType.PROSPECT.wireValue());
    }
    all.put("source", source == null ? ContactSource.MANUAL.wireValue() : source);
    return new ContactChanges(all, changes.phoneE164);
  }

  /**
   * Validates a merge-patch. {@code input} holds the members of the JSON object as text (null for a
   * JSON null); {@code notText} names members whose value was not a string or null.
   */
  public static ContactChanges forPatch(
      Map<String, String> input, List<String> notText, PhoneNumbers phones) {
    requireSafe(input);
    List<Problem.FieldError> errors = new ArrayList<>();
    for (String field : notText) {
      errors.add(new Problem.FieldError(field, "must be a string or null"));
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : input.entrySet()) {
      if (EDITABLE.containsKey(e.getKey())) {
        fields.put(e.getKey(), e.getValue());
      } else if (!notText.contains(e.getKey())) {
        errors.add(new Problem.FieldError(e.getKey(), "is not a field that can be changed"));
      }
    }
    if (fields.containsKey("type") && trimToNull(fields.get("type")) == null) {
      errors.add(
          new Problem.FieldError("type", "cannot be empty; one of " + ContactType.wireValues()));
      fields.remove("type");
    }
    ContactChanges changes = validate(fields, phones, errors);
    throwIfAny(errors);
    return changes;
  }

  private static ContactChanges validate(
      Map<String, String> input, PhoneNumbers phones, List<Problem.FieldError> errors) {
    Map<String, String> values = new LinkedHashMap<>();
    String e164 = null;
    for (Map.Entry<String, String> e : input.entrySet()) {
      String field = e.getKey();
      String value = trimToNull(e.getValue());
      Integer max = EDITABLE.get(field);
      if (max == null) {
        errors.add(new Problem.FieldError(field, "is not a field of a contact"));
        continue;
      }
      if (value != null && value.codePointCount(0, value.length()) > max) {
        errors.add(new Problem.FieldError(field, "must be at most " + max + " characters"));
        continue;
      }
      if (value != null) {
        switch (field) {
          case "email" -> {
            if (!EMAIL.matcher(value).matches()) {
              errors.add(new Problem.FieldError(field, "is not a valid email address"));
              continue;
            }
          }
          case "phone" -> {
            var normalised = phones.toE164(value);
            if (normalised.isEmpty()) {
              errors.add(new Problem.FieldError(field, "is not a valid phone number"));
              continue;
            }
            e164 = normalised.get();
          }
          case "type" -> {
            value = value.toLowerCase(java.util.Locale.ROOT);
            if (ContactType.fromWire(value).isEmpty()) {
              errors.add(
                  new Problem.FieldError(field, "must be one of " + ContactType.wireValues()));
              continue;
            }
          }
          default -> {}
        }
      }
      values.put(field, value);
    }
    return new ContactChanges(values, e164);
  }

  /** The one rule for text our API takes: 422 naming the first field and position at fault. */
  private static void requireSafe(Map<String, String> input) {
    input.forEach(SafeText::requireSafe);
  }

  private static void throwIfAny(List<Problem.FieldError> errors) {
    if (errors.isEmpty()) {
      return;
    }
    List<Problem.FieldError> sorted =
        errors.stream().sorted((a, b) -> a.field().compareTo(b.field())).toList();
    String detail =
        sorted.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
    throw new ProblemException(
        new Problem(
            "about:blank",
            "Unprocessable Content",
            422,
            detail,
            null,
            sorted.get(0).field(),
            sorted));
  }

  private static String trimToNull(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    return trimmed.isEmpty() ? null : trimmed;
  }

  /** True when the changes name the phone field. */
  public boolean changesPhone() {
    return values.containsKey("phone");
  }

  /** The E.164 form of the new phone number; null when it is cleared or not changed. */
  public String phoneE164() {
    return phoneE164;
  }

  /**
   * Writes the changes onto a contact.
   *
   * @return the fields whose value changed, in the order of {@link #FIELD_ORDER}; empty when the
   *     changes only repeat what the contact has
   */
  public List<String> applyTo(Contact contact) {
    if (!FIELD_ORDER.containsAll(values.keySet())) {
      throw new IllegalStateException("unhandled field among " + values.keySet());
    }
    List<String> changed = new ArrayList<>();
    for (String field : FIELD_ORDER) {
      if (!values.containsKey(field)) {
        continue;
      }
      String v = values.get(field);
      boolean differs =
          switch (field) {
            case "firstName" -> set(contact.firstName, v, x -> contact.firstName = x);
            case "lastName" -> set(contact.lastName, v, x -> contact.lastName = x);
            case "company" -> set(contact.company, v, x -> contact.company = x);
            case "email" -> set(contact.email, v, x -> contact.email = x);
            case "phone" ->
                set(contact.phone, v, x -> contact.phone = x)
                    | set(contact.phoneE164, phoneE164, x -> contact.phoneE164 = x);
            case "type" -> set(contact.type, v, x -> contact.type = x);
            case "source" -> set(contact.source, v, x -> contact.source = x);
            case "notes" -> set(contact.notes, v, x -> contact.notes = x);
            default -> throw new IllegalStateException("unhandled field " + field);
          };
      if (differs) {
        changed.add(field);
      }
    }
    return changed;
  }

  private static boolean set(
      String current, String next, java.util.function.Consumer<String> setter) {
    if (java.util.Objects.equals(current, next)) {
      return false;
    }
    setter.accept(next);
    return true;
  }
}
