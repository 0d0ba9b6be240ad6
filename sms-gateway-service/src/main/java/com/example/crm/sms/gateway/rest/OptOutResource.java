package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.gateway.service.OptOutService;
import com.example.crm.sms.security.Actor;
import com.example.crm.sms.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/opt-outs/{phone}")
@Produces(MediaType.APPLICATION_JSON)
public class OptOutResource {

  private final OptOutService optOuts;
  // Resolved before the method runs (@RolesAllowed), so reading it never blocks.
  private final SecurityIdentity identity;

  public OptOutResource(OptOutService optOuts, SecurityIdentity identity) {
    this.optOuts = optOuts;
    this.identity = identity;
  }

  @GET
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      summary = "Whether a number may be texted",
      description =
          "optedOut, with the source and time of the last change and who made it (a token"
              + " subject for a manual re-opt-in). Role: "
              + Roles.VIEWER
              + " (or higher).")
  public Uni<OptOutResponse> get(@PathParam("phone") String phone) {
    return optOuts.get(phone).map(OptOutDtoMapper::toResponse);
  }

  /**
   * Re-opts the number in by hand. Who did it is the signed-in admin, never a header or a body
   * field, so a request body (as the API once took) is refused rather than silently ignored.
   */
  @DELETE
  @Consumes(MediaType.WILDCARD)
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary = "Re-opt a number in",
      description =
          "Lifts an opt-out (source manual); updatedBy is the caller's token subject. Takes no"
              + " body. Role: "
              + Roles.ADMIN
              + ".")
  public Uni<OptOutResponse> reOptIn(@PathParam("phone") String phone, String body) {
    if (body != null && !body.isBlank()) {
      throw new ProblemException(
          Problem.of(
              400,
              "Bad Request",
              "A re-opt-in takes no body: who re-opts the number in comes from the sign-in"));
    }
    return optOuts.reOptIn(phone, Actor.of(identity)).map(OptOutDtoMapper::toResponse);
  }
}
