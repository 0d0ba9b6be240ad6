package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.gateway.service.OptOutService;
import io.smallrye.mutiny.Uni;
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

  public OptOutResource(OptOutService optOuts) {
    this.optOuts = optOuts;
  }

  @GET
  public Uni<OptOutResponse> get(@PathParam("phone") String phone) {
    return optOuts.get(phone);
  }

  /** Re-opts the number in by hand; the X-Actor header or a body {"by": ...} says who. */
  @DELETE
  public Uni<OptOutResponse> reOptIn(
      @PathParam("phone") String phone,
      @HeaderParam("X-Actor") String actor,
      ReOptInRequest request) {
    String by = actor != null && !actor.isBlank() ? actor : request == null ? null : request.by();
    return optOuts.reOptIn(phone, by);
  }
}
