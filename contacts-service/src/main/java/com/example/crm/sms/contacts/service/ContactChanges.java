package com.example.crm.sms.contacts.service;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.contacts.repository.Contact;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Validated values for a new contact or a merge-patch of one ({@link ContactField} says which
 * fields there are and what each must be): only the fields named are changed, a field given as null
 * (or blank) is cleared. Invalid input fails with one 422 problem naming every bad field; text with
 * a control character or a lone surrogate (rule 12, docs/architecture.md) fails first, naming the
 * field and the position, before anything else is looked at.
 */
public final class ContactChanges {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$");

  private final Map<ContactField, String> values;
  private final String phoneE164;

  private ContactChanges(Map<ContactField, String> values, String phoneE164) {
    this.values = Collections.unmodifiableMap(values);
    this.phoneE164 = phoneE164;
  }

  /**
   * Validates a new contact: {@code input} holds the members given, by JSON name. Type and source
   * get their defaults (prospect, manual) when not given.
   */
  public static ContactChanges forCreate(Map<String, String> input, PhoneNumbers phones) {
    requireSafe(input);
    List<Problem.FieldError> errors = new ArrayList<>();
    Map<ContactField, String> fields = new EnumMap<>(ContactField.class);
    input.forEach(
        (name, value) ->
            ContactField.byJsonName(name)
                .ifPresentOrElse(
                    f -> fields.put(f, value),
                    () -> errors.add(new Problem.FieldError(name, "is not a field of a contact"))));
    ContactChanges changes = validate(fields, phones, errors);
    boolean identified =
        changes.values.entrySet().stream()
            .anyMatch(e -> e.getKey().identifies() && e.getValue() != null);
    if (!identified && errors.isEmpty()) {
      errors.add(
          new Problem.FieldError(
              ContactField.FIRST_NAME.jsonName(),
              "a contact needs a name, a company, an email or a phone number"));
    }
    throwIfAny(errors);
    Map<ContactField, String> all = new EnumMap<>(changes.values);
    for (ContactField f : ContactField.values()) {
      if (f.createDefault() != null && all.get(f) == null) {
        all.put(f, f.createDefault());
      }
    }
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
    for (String name : notText) {
      errors.add(new Problem.FieldError(name, "must be a string or null"));
    }
    Map<ContactField, String> fields = new EnumMap<>(ContactField.class);
    input.forEach(
        (name, value) -> {
          Optional<ContactField> field =
              ContactField.byJsonName(name).filter(ContactField::editable);
          if (field.isEmpty()) {
            errors.add(new Problem.FieldError(name, "is not a field that can be changed"));
          } else if (field.get().createDefault() != null && trimToNull(value) == null) {
            errors.add(
                new Problem.FieldError(
                    name,
                    "cannot be empty; one of " + String.join(", ", field.get().allowedValues())));
          } else {
            fields.put(field.get(), value);
          }
        });
    ContactChanges changes = validate(fields, phones, errors);
    throwIfAny(errors);
    return changes;
  }

  private static ContactChanges validate(
      Map<ContactField, String> input, PhoneNumbers phones, List<Problem.FieldError> errors) {
    Map<ContactField, String> values = new EnumMap<>(ContactField.class);
    String e164 = null;
    for (Map.Entry<ContactField, String> e : input.entrySet()) {
      ContactField field = e.getKey();
      String value = trimToNull(e.getValue());
      if (value == null) {
        values.put(field, null);
        continue;
      }
      Optional<Integer> max = field.maxLength();
      if (max.isPresent() && value.codePointCount(0, value.length()) > max.get()) {
        errors.add(error(field, "must be at most " + max.get() + " characters"));
        continue;
      }
      switch (field.rule()) {
        case TEXT -> {}
        case EMAIL -> {
          if (!EMAIL.matcher(value).matches()) {
            errors.add(error(field, "is not a valid email address"));
            continue;
          }
        }
        case PHONE -> {
          Optional<String> normalised = phones.toE164(value);
          if (normalised.isEmpty()) {
            errors.add(error(field, "is not a valid phone number"));
            continue;
          }
          e164 = normalised.get();
        }
        case CONTACT_TYPE -> {
          value = value.toLowerCase(Locale.ROOT);
          if (ContactType.fromWire(value).isEmpty()) {
            errors.add(error(field, "must be one of " + ContactType.wireValues()));
            continue;
          }
        }
        case NEW_SOURCE -> {
          if (!field.allowedValues().contains(value)) {
            errors.add(error(field, "must be " + String.join(" or ", field.allowedValues())));
            continue;
          }
        }
      }
      values.put(field, value);
    }
    return new ContactChanges(values, e164);
  }

  private static Problem.FieldError error(ContactField field, String message) {
    return new Problem.FieldError(field.jsonName(), message);
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
        errors.stream().sorted(Comparator.comparing(Problem.FieldError::field)).toList();
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

  /** The E.164 form of the new phone number; null when it is cleared or not changed. */
  public String phoneE164() {
    return phoneE164;
  }

  /**
   * Writes the changes onto a contact (the phone number with its E.164 form).
   *
   * @return the JSON names of the fields whose value changed, in {@link ContactField} order; empty
   *     when the changes only repeat what the contact has
   */
  public List<String> applyTo(Contact contact) {
    List<String> changed = new ArrayList<>();
    for (Map.Entry<ContactField, String> e : values.entrySet()) {
      ContactField field = e.getKey();
      boolean differs = set(field.get(contact), e.getValue(), v -> field.set(contact, v));
      if (field == ContactField.PHONE) {
        differs |= set(contact.phoneE164, phoneE164, v -> contact.phoneE164 = v);
      }
      if (differs) {
        changed.add(field.jsonName());
      }
    }
    return changed;
  }

  private static boolean set(String current, String next, Consumer<String> setter) {
    if (Objects.equals(current, next)) {
      return false;
    }
    setter.accept(next);
    return true;
  }
}
