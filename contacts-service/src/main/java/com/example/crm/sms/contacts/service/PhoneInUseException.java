package com.example.crm.sms.contacts.service;

import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemException;
import java.util.List;
import java.util.UUID;

/** A phone number that another contact already has (409); names that contact. */
public class PhoneInUseException extends ProblemException {

  private final UUID contactId;
  private final String contactName;

  public PhoneInUseException(String phoneE164, UUID contactId, String contactName) {
    super(problem(phoneE164, contactId, contactName));
    this.contactId = contactId;
    this.contactName = contactName;
  }

  private static Problem problem(String phoneE164, UUID contactId, String contactName) {
    String detail =
        "The phone number "
            + phoneE164
            + " already belongs to contact "
            + contactName
            + " ("
            + contactId
            + ")";
    return new Problem(
        "about:blank",
        "Conflict",
        409,
        detail,
        null,
        "phone",
        List.of(new Problem.FieldError("phone", detail)));
  }

  public UUID contactId() {
    return contactId;
  }

  public String contactName() {
    return contactName;
  }
}
