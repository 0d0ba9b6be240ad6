package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.gateway.service.OptOutService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

@Path("/api/opt-outs/{phone}")
@Produces(MediaType.APPLICATION_JSON)
public class OptOutResource {

  static final String ACTOR_HEADER = "X-Actor";

  private final OptOutService optOuts;
  private final ObjectMapper mapper;

  public OptOutResource(OptOutService optOuts, ObjectMapper mapper) {
    this.optOuts = optOuts;
    this.mapper = mapper;
  }

  @GET
  public Uni<OptOutResponse> get(@PathParam("phone") String phone) {
    return optOuts.get(phone);
  }

  /**
   * Re-opts the number in by hand; the X-Actor header or a body {"by": ...} says who. A malformed
   * body is answered by the shared problem mappers (400 naming the field when there is one).
   */
  @DELETE
  @Consumes(MediaType.WILDCARD)
  public Uni<OptOutResponse> reOptIn(
      @PathParam("phone") String phone,
      @HeaderParam(ACTOR_HEADER) String actor,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String body)
      throws JsonProcessingException {
    if (actor != null && !actor.isBlank()) {
      SafeText.requireSafe(ACTOR_HEADER, actor);
      return optOuts.reOptIn(phone, actor, ACTOR_HEADER);
    }
    String by = by(body, contentType);
    SafeText.requireSafe("by", by);
    return optOuts.reOptIn(phone, by, "by");
  }

  /** The body is optional (a DELETE often has none), so it is read by hand, strictly. */
  private String by(String body, String contentType) throws JsonProcessingException {
    if (body == null || body.isBlank()) {
      return null;
    }
    if (!isJson(contentType)) {
      throw new ProblemException(
          Problem.of(
              415,
              "Unsupported Media Type",
              "A body here must be application/json like {\"by\": \"name\"}"));
    }
    ReOptInRequest request = mapper.readValue(body, ReOptInRequest.class);
    return request == null ? null : request.by();
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    try {
      MediaType type = MediaType.valueOf(contentType);
      return type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
          || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
