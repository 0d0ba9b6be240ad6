package com.example.crm.sms.contacts.service;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.contacts.repository.Contact;
import jakarta.enterprise.context.ApplicationScoped;

/** How people see a contact's name and number. */
@ApplicationScoped
public class DisplayNames {

  private final PhoneNumbers phones;

  public DisplayNames(PhoneNumbers phones) {
    this.phones = phones;
  }

  /**
   * First and last name; without a name the company, email or formatted number, so a prospect
   * created by a text is named by its number until someone edits it.
   */
  public String displayName(Contact c) {
    String name =
        ((c.firstName == null ? "" : c.firstName) + " " + (c.lastName == null ? "" : c.lastName))
            .strip();
    if (!name.isEmpty()) {
      return name;
    }
    if (c.company != null) {
      return c.company;
    }
    if (c.email != null) {
      return c.email;
    }
    if (c.phoneE164 != null) {
      return phones.display(c.phoneE164);
    }
    return "(unnamed contact)";
  }

  public String phoneDisplay(Contact c) {
    return c.phoneE164 == null ? null : phones.display(c.phoneE164);
  }
}
