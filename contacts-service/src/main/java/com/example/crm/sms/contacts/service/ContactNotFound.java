package com.example.crm.sms.contacts.service;

import com.example.crm.sms.common.problem.ProblemException;

/** The 404 of an id that names no contact (a malformed id included: it cannot name one). */
public final class ContactNotFound {

  private ContactNotFound() {}

  public static ProblemException withId(Object id) {
    return ProblemException.notFound("No contact with id " + id);
  }
}
