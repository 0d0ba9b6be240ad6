package com.example.crm.sms.contacts.service;

import com.example.crm.sms.common.problem.ProblemException;

/** The bounds of every paged list: no page's offset (page × size) overflows an int. */
public final class Paging {

  public static final int MAX_PAGE_SIZE = 200;

  public static final int DEFAULT_PAGE_SIZE = 20;

  /** The last page anyone may ask for: its offset, page × size, stays well inside an int. */
  public static final int MAX_PAGE = 10_000_000;

  private Paging() {}

  /** The resource reads page and size within these bounds; this guards any other caller. */
  static void check(int page, int size) {
    if (page < 0 || page > MAX_PAGE) {
      throw ProblemException.badRequest("page", "must be from 0 to " + MAX_PAGE);
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw ProblemException.badRequest("size", "must be from 1 to " + MAX_PAGE_SIZE);
    }
  }
}
