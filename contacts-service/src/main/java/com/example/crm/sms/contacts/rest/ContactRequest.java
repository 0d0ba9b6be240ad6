package com.example.crm.sms.contacts.rest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A new contact. Every field is optional, but a contact needs a name, company, email or phone. Its
 * members are the service's {@code ContactField}s, which also give the schema's limits and values
 * ({@link ContactSchemaFilter}).
 */
@Schema(name = "ContactRequest")
public record ContactRequest(
    String firstName,
    String lastName,
    String company,
    @Schema(examples = "jane@example.com") String email,
    @Schema(description = "any format; stored as entered and as E.164", examples = "(239) 426-7058")
        String phone,
    String type,
    String source,
    String notes) {

  /** The members given (not null), by JSON name, in the order above. */
  Map<String, String> members() {
    Map<String, String> members = new LinkedHashMap<>();
    for (RecordComponent c : ContactRequest.class.getRecordComponents()) {
      try {
        String value = (String) c.getAccessor().invoke(this);
        if (value != null) {
          members.put(c.getName(), value);
        }
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("a record's accessor is public", e);
      }
    }
    return members;
  }
}
