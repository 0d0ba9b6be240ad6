package com.example.crm.sms.contacts.repository;

/**
 * What to look for. Every part is optional.
 *
 * @param text lower-case text matched anywhere in name, email and company
 * @param phoneE164 the query read as a phone number, matched exactly
 * @param phoneDigits the query's digits (3 or more), matched anywhere in the E.164 number
 * @param type wire value of a contact type
 * @param sort the order of the answer
 */
public record ContactSearch(
    String text, String phoneE164, String phoneDigits, String type, Sort sort) {

  public enum Sort {
    /** Most recently contacted first; never-contacted last, newest first. */
    LAST_CONTACTED,
    /** By name, then company, email and number for contacts without a name. */
    NAME
  }
}
