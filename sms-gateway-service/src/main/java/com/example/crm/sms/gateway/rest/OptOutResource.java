package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.common.problem.ProblemException;
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
import jakarta.ws.rs.core.MediaType;

@Path("/api/opt-outs/{phone}")
@Produces(MediaType.APPLICATION_JSON)
public class OptOutResource {

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

  /** Re-opts the number in by hand; the X-Actor header or a body {"by": ...} says who. */
  @DELETE
  @Consumes(MediaType.WILDCARD)
  public Uni<OptOutResponse> reOptIn(
      @PathParam("phone") String phone, @HeaderParam("X-Actor") String actor, String body) {
    String by = actor != null && !actor.isBlank() ? actor : by(body);
    return optOuts.reOptIn(phone, by);
  }

  /** The body is optional (a DELETE often has none), so it is read by hand. */
  private String by(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      ReOptInRequest request = mapper.readValue(body, ReOptInRequest.class);
      return request == null ? null : request.by();
    } catch (JsonProcessingException e) {
      throw ProblemException.badRequest("by", "The body must be JSON like {\"by\": \"name\"}");
    }
  }
}
