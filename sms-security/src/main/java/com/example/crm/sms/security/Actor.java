package com.example.crm.sms.security;

import com.example.crm.sms.common.text.SafeText;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who did a thing, from the signed-in token and never from a header or a body field (rule 11,
 * docs/architecture.md).
 *
 * @param subject the token's {@code sub}: stable, what records are kept by
 * @param name what people see: the token's {@code name}, else its {@code preferred_username}, else
 *     the subject
 */
public record Actor(String subject, String name) {

  /** The longest name kept; a provider may send anything. */
  public static final int MAX_NAME = 200;

  public static Actor of(SecurityIdentity identity) {
    if (identity == null || identity.isAnonymous()) {
      throw new IllegalStateException("no signed-in identity");
    }
    String subject = null;
    String name = null;
    if (identity.getPrincipal() instanceof JsonWebToken jwt) {
      subject = jwt.getSubject();
      name = firstNonBlank(jwt.getClaim("name"), jwt.getClaim("preferred_username"));
    }
    if (subject == null || subject.isBlank()) {
      subject = identity.getPrincipal().getName();
    }
    if (name == null) {
      name = identity.getPrincipal().getName();
    }
    return new Actor(cut(subject), cut(name));
  }

  private static String firstNonBlank(Object... values) {
    for (Object v : values) {
      if (v != null && !v.toString().isBlank()) {
        return v.toString().strip();
      }
    }
    return null;
  }

  private static String cut(String raw) {
    String value = SafeText.cleaned(raw);
    return value.length() <= MAX_NAME ? value : value.substring(0, MAX_NAME);
  }
}
