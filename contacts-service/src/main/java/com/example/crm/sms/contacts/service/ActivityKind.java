package com.example.crm.sms.contacts.service;

import java.util.Locale;

/** What an activity of a contact's timeline records. The wire value is the lower-case name. */
public enum ActivityKind {
  SMS_RECEIVED,
  SMS_SENT,
  SMS_DELIVERED,
  /** Failed or undelivered; the status and error say which and why. */
  SMS_FAILED,
  SMS_OPTED_OUT,
  /**
   * Opted back in: by a START keyword (no actor), or by an admin lifting the opt-out in the gateway
   * (the actor, and their reason as the summary).
   */
  SMS_OPTED_IN,
  /** Created through the API; the activity names who did it. */
  CONTACT_CREATED,
  /** Edited through the API; the summary names who and which fields. */
  CONTACT_EDITED,
  /** A note someone wrote on the timeline: the summary is its text, the actor who wrote it. */
  NOTE;

  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
