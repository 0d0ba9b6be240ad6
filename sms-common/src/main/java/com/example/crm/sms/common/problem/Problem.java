package com.example.crm.sms.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer of every service.
 *
 * @param field the request field at fault, when one is
 * @param errors one entry per invalid field, when there are several
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    String field,
    List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public record FieldError(String field, String message) {}

  /** This problem with {@code instance} set to the request path. */
  public Problem at(String path) {
    return new Problem(type, title, status, detail, path, field, errors);
  }

  public static Problem of(int status, String title, String detail) {
    return new Problem("about:blank", title, status, detail, null, null, null);
  }

  public static Problem forField(int status, String title, String field, String detail) {
    return new Problem(
        "about:blank", title, status, detail, null, field, List.of(new FieldError(field, detail)));
  }
}
