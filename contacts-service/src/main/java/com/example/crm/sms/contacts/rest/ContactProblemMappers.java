package com.example.crm.sms.contacts.rest;

import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.contacts.service.PhoneInUseException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Problem answers particular to contacts, next to the shared ones of sms-common. */
public class ContactProblemMappers {

  /**
   * A 409 problem that also names the contact holding the number, so a client can link to it.
   *
   * @param contactId the contact that already has the number
   * @param contactName its display name
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PhoneConflictProblem(
      String type,
      String title,
      int status,
      String detail,
      String instance,
      String field,
      List<Problem.FieldError> errors,
      UUID contactId,
      String contactName) {}

  /**
   * A member the request does not have (a typo, or one the API sets itself such as id): 422 naming
   * it, as a merge patch answers. Outranks the shared mapper of its supertype (400).
   */
  @ServerExceptionMapper
  public Response unknownMember(UnrecognizedPropertyException e, UriInfo uri) {
    String field = e.getPropertyName();
    String message = "is not a field of this request";
    return Response.status(422)
        .type(Problem.MEDIA_TYPE)
        .entity(
            new Problem(
                "about:blank",
                "Unprocessable Content",
                422,
                field + " " + message,
                uri.getPath(),
                field,
                List.of(new Problem.FieldError(field, message))))
        .build();
  }

  @ServerExceptionMapper
  public Response phoneInUse(PhoneInUseException e, UriInfo uri) {
    Problem p = e.problem();
    return Response.status(409)
        .type(Problem.MEDIA_TYPE)
        .entity(
            new PhoneConflictProblem(
                p.type(),
                p.title(),
                p.status(),
                p.detail(),
                uri.getPath(),
                p.field(),
                p.errors(),
                e.contactId(),
                e.contactName()))
        .build();
  }
}
