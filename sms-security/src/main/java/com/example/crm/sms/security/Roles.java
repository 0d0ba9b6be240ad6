package com.example.crm.sms.security;

import java.util.List;
import java.util.Set;

/**
 * The three roles of the signed-in APIs (rule 11, docs/architecture.md), each a superset of the one
 * before: a viewer reads, an agent also sends texts and edits contacts, an admin also deletes
 * contacts and lifts opt-outs.
 */
public final class Roles {

  public static final String VIEWER = "sms-viewer";
  public static final String AGENT = "sms-agent";
  public static final String ADMIN = "sms-admin";

  /** Lowest first. */
  public static final List<String> ALL = List.of(VIEWER, AGENT, ADMIN);

  private Roles() {}

  /**
   * Every role that {@code granted} implies: a provider that gives only {@code sms-admin} (Entra ID
   * app roles have no composites) still yields agent and viewer.
   */
  public static Set<String> implied(Set<String> granted) {
    int highest = -1;
    for (int i = 0; i < ALL.size(); i++) {
      if (granted.contains(ALL.get(i))) {
        highest = i;
      }
    }
    return highest < 0 ? Set.of() : Set.copyOf(ALL.subList(0, highest + 1));
  }
}
