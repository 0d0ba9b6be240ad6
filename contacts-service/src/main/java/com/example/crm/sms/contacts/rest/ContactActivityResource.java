package com.example.crm.sms.contacts.rest;

import com.example.crm.sms.contacts.service.ContactReadService;
import com.example.crm.sms.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A contact's timeline: its SMS traffic and who created and edited it. */
@Path("/api/contacts/{id}/activities")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contacts", description = "Contacts, kept up to date from SMS traffic")
public class ContactActivityResource {

  private final ContactReadService reads;

  public ContactActivityResource(ContactReadService reads) {
    this.reads = reads;
  }

  @GET
  @RolesAllowed(Roles.VIEWER)
  @Operation(summary = "A contact's SMS timeline, newest first")
  @APIResponse(responseCode = "404", description = "No such contact")
  @APIResponse(
      responseCode = "400",
      description = "A bad query parameter (named in 'field', its range in 'detail')")
  public Uni<PageResponse<ActivityResponse>> activities(
      @PathParam("id") String id,
      @Parameter(description = PathAndQuery.PAGE) @QueryParam("page") String page,
      @Parameter(description = PathAndQuery.SIZE) @QueryParam("size") String size) {
    return reads
        .activities(PathAndQuery.contactId(id), PathAndQuery.page(page), PathAndQuery.size(size))
        .map(p -> ContactMapper.toResponse(p, ContactMapper::toResponse));
  }
}
