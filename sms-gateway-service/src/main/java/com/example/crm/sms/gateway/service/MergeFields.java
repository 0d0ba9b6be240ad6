package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.problem.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Merge fields of a body: {@code {firstName}}, {@code {lastName}}, {@code {company}}, and {@code
 * {field|fallback}} for a value that may be missing. A field with no value and no fallback renders
 * as empty. Braces that do not form a field name ({@code {}}, {@code { x }}) are text: GSM-7 has
 * them, and a person may write them.
 */
public final class MergeFields {

  public static final List<String> FIELDS = List.of("firstName", "lastName", "company");

  private static final Pattern FIELD =
      Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)(?:\\|([^{}]*))?}");

  private MergeFields() {}

  /** Refuses (422 naming {@code field}) a body naming a field we do not know. */
  public static void requireKnown(String field, String template) {
    Matcher m = FIELD.matcher(template);
    while (m.find()) {
      if (!FIELDS.contains(m.group(1))) {
        throw ProblemException.unprocessable(
            field,
            "Field '"
                + field
                + "': Unknown merge field {"
                + m.group(1)
                + "}; known: {"
                + String.join("}, {", FIELDS)
                + "}, each optionally with a fallback ({firstName|there})");
      }
    }
  }

  /** The body for one recipient; {@code values} may lack any field (and hold others). */
  public static String render(String template, Map<String, String> values) {
    Matcher m = FIELD.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 16);
    while (m.find()) {
      String value = values == null ? null : values.get(m.group(1));
      if (value == null || value.isBlank()) {
        value = m.group(2) == null ? "" : m.group(2);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value.strip()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Whether the body has any merge field. */
  public static boolean hasFields(String template) {
    return FIELD.matcher(template).find();
  }
}
