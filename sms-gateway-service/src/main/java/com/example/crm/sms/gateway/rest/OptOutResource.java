package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.gateway.service.OptOutService;
import com.example.crm.sms.security.Actor;
import com.example.crm.sms.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
          "optedOut, with the source and time of the last change, who made it (a token subject"
              + " for a manual change) and why (the reason of a manual change, else null). Role: "
              + Roles.VIEWER
              + " (or higher).")
  public Uni<OptOutResponse> get(@PathParam("phone") String phone) {
    return optOuts.get(phone).map(OptOutDtoMapper::toResponse);
  }

  /** Who lifts it is the signed-in admin (subject and name), never a header or a body field. */
  @POST
  @Path("/lift")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary = "Lift an opt-out by hand",
      description =
          "The number may be texted again (source manual, updatedBy the caller's token subject,"
              + " reason as given); announced on sms.optout.v1 with the caller and the reason."
              + " 422 naming reason when it is missing, blank, over 500 characters or has control"
              + " characters; 409 when the number is not opted out. Role: "
              + Roles.ADMIN
              + ".")
  public Uni<OptOutResponse> lift(@PathParam("phone") String phone, LiftOptOutRequest request) {
    return optOuts
        .lift(phone, request == null ? null : request.reason(), Actor.of(identity))
        .map(OptOutDtoMapper::toResponse);
  }
}
