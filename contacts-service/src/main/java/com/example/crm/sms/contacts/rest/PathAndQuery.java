package com.example.crm.sms.contacts.rest;

import com.example.crm.sms.common.http.QueryParams;
import com.example.crm.sms.contacts.service.ContactNotFound;
import com.example.crm.sms.contacts.service.Paging;
import java.util.UUID;

/** How the contacts API reads its path ids and paging parameters. */
final class PathAndQuery {

  static final String PAGE = "page number from 0 to " + Paging.MAX_PAGE;
  static final String SIZE =
      "page size, 1 to " + Paging.MAX_PAGE_SIZE + ", default " + Paging.DEFAULT_PAGE_SIZE;

  private PathAndQuery() {}

  /** A malformed id cannot name a contact: 404 with a body, like an unknown one. */
  static UUID contactId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ContactNotFound.withId(id);
    }
  }

  /** Bounded so that no page's offset (page × size) overflows. */
  static int page(String value) {
    return QueryParams.intInRange("page", value, 0, Paging.MAX_PAGE, 0);
  }

  static int size(String value) {
    return QueryParams.intInRange("size", value, 1, Paging.MAX_PAGE_SIZE, Paging.DEFAULT_PAGE_SIZE);
  }
}
