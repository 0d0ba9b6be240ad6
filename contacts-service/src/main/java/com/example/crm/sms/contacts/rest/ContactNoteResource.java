package com.example.crm.sms.contacts.rest;

import com.example.crm.sms.contacts.service.ContactNoteService;
import com.example.crm.sms.security.Actor;
import com.example.crm.sms.security.Roles;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Notes on a contact's timeline (listed with the rest by {@link ContactActivityResource}). */
@Path("/api/contacts/{id}/notes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contacts", description = "Contacts, kept up to date from SMS traffic")
public class ContactNoteResource {

  private final ContactNoteService notes;
  private final CurrentIdentityAssociation identity;

  public ContactNoteResource(ContactNoteService notes, CurrentIdentityAssociation identity) {
    this.notes = notes;
    this.identity = identity;
  }

  @POST
  @RolesAllowed(Roles.AGENT)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Add a note to a contact's timeline",
      description =
          "A timeline entry of kind note: its summary is the text (trimmed), its actor the"
              + " signed-in caller.")
  @APIResponse(
      responseCode = "201",
      description = "Added: the timeline entry",
      content = @Content(schema = @Schema(implementation = ActivityResponse.class)))
  @APIResponse(
      responseCode = "422",
      description =
          "body missing, blank, over 2000 characters or with a control character (named in"
              + " 'field')")
  @APIResponse(responseCode = "404", description = "No such contact")
  public Uni<Response> add(@PathParam("id") String id, NoteRequest request, UriInfo uri) {
    UUID contactId = PathAndQuery.contactId(id);
    String body = request == null ? null : request.body();
    return identity
        .getDeferredIdentity()
        .map(Actor::of)
        .flatMap(actor -> notes.add(contactId, body, actor))
        .map(ContactMapper::toResponse)
        .map(
            a ->
                Response.created(uri.getAbsolutePathBuilder().path(a.id().toString()).build())
                    .entity(a)
                    .build());
  }
}
