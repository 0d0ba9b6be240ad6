package com.example.crm.sms.contacts.rest;

import static com.example.crm.sms.contacts.rest.PathAndQuery.contactId;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.contacts.service.ContactChanges;
import com.example.crm.sms.contacts.service.ContactReadService;
import com.example.crm.sms.contacts.service.ContactWriteService;
import com.example.crm.sms.security.Actor;
import com.example.crm.sms.security.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The contacts API (a contact's timeline: {@link ContactActivityResource}). Every operation needs a
 * signed-in caller with the role named on it, the lowest that may (the roles are a hierarchy:
 * sms-viewer reads, sms-agent also creates and edits, sms-admin also deletes). Who changed a
 * contact comes from the token, never from the request.
 */
@Path("/api/contacts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contacts", description = "Contacts, kept up to date from SMS traffic")
public class ContactResource {

  static final String MERGE_PATCH = "application/merge-patch+json";

  private final ContactReadService reads;
  private final ContactWriteService writes;
  private final PhoneNumbers phones;
  private final CurrentIdentityAssociation identity;

  public ContactResource(
      ContactReadService reads,
      ContactWriteService writes,
      PhoneNumbers phones,
      CurrentIdentityAssociation identity) {
    this.reads = reads;
    this.writes = writes;
    this.phones = phones;
    this.identity = identity;
  }

  @GET
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      summary = "Search contacts",
      description =
          "q matches name, email and company (substring, any case) and the phone number in any"
              + " format, e.g. 239-426-7058, +1 239 426 7058 or 4267058.")
  @APIResponse(responseCode = "200", description = "A page of contacts")
  @APIResponse(
      responseCode = "400",
      description = "A bad query parameter (named in 'field', its range in 'detail')")
  public Uni<PageResponse<ContactResponse>> search(
      @QueryParam("q") String q,
      @Parameter(description = "a contact type") @QueryParam("type") String type,
      @Parameter(description = "lastContacted (default, most recent first) or name")
          @QueryParam("sort")
          String sort,
      @Parameter(description = PathAndQuery.PAGE) @QueryParam("page") String page,
      @Parameter(description = PathAndQuery.SIZE) @QueryParam("size") String size) {
    return reads
        .search(q, type, sort, PathAndQuery.page(page), PathAndQuery.size(size))
        .map(p -> ContactMapper.toResponse(p, ContactMapper::toResponse));
  }

  @POST
  @RolesAllowed(Roles.AGENT)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create a contact",
      description = "Adds a \"Created by\" activity naming the signed-in caller.")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = ContactResponse.class)))
  @APIResponse(responseCode = "422", description = "An invalid field (named in 'field')")
  @APIResponse(
      responseCode = "409",
      description = "Another contact has this phone number (contactId, contactName)")
  public Uni<Response> create(ContactRequest request, UriInfo uri) {
    if (request == null) {
      throw ProblemException.badRequest("body", "a JSON object is required");
    }
    ContactChanges changes = ContactChanges.forCreate(request.members(), phones);
    return actor()
        .flatMap(actor -> writes.create(changes, actor))
        .map(
            c ->
                Response.created(uri.getAbsolutePathBuilder().path(c.id().toString()).build())
                    .entity(ContactMapper.toResponse(c))
                    .build());
  }

  @GET
  @Path("{id}")
  @RolesAllowed(Roles.VIEWER)
  @Operation(summary = "Get a contact")
  @APIResponse(responseCode = "404", description = "No such contact")
  public Uni<ContactResponse> get(@PathParam("id") String id) {
    return reads.get(contactId(id)).map(ContactMapper::toResponse);
  }

  @PATCH
  @Path("{id}")
  @RolesAllowed(Roles.AGENT)
  @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
  @Operation(
      summary = "Change a contact (JSON merge patch)",
      description =
          "Only the members given change; a member set to null is cleared. Editable: every member"
              + " of ContactRequest but source; type cannot be cleared. A change adds an \"Edited"
              + " by\" activity naming the signed-in caller and the fields.")
  @APIResponse(responseCode = "422", description = "An invalid field (named in 'field')")
  @APIResponse(responseCode = "409", description = "Another contact has this phone number")
  @APIResponse(responseCode = "404", description = "No such contact")
  public Uni<ContactResponse> patch(
      @PathParam("id") String id, @Schema(implementation = ContactRequest.class) JsonNode body) {
    UUID contactId = contactId(id);
    if (body == null || !body.isObject()) {
      throw ProblemException.badRequest("body", "a JSON object is required");
    }
    Map<String, String> input = new LinkedHashMap<>();
    List<String> notText = new ArrayList<>();
    body.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNull()) {
                input.put(e.getKey(), null);
              } else if (e.getValue().isTextual()) {
                input.put(e.getKey(), e.getValue().textValue());
              } else {
                notText.add(e.getKey());
              }
            });
    ContactChanges changes = ContactChanges.forPatch(input, notText, phones);
    return actor()
        .flatMap(actor -> writes.update(contactId, changes, actor))
        .map(ContactMapper::toResponse);
  }

  @DELETE
  @Path("{id}")
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary = "Delete a contact and its timeline",
      description = "Who deleted it, and when, is kept (contact_deletions) and logged.")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "404", description = "No such contact")
  public Uni<Response> delete(@PathParam("id") String id) {
    UUID contactId = contactId(id);
    return actor()
        .flatMap(actor -> writes.delete(contactId, actor))
        .map(v -> Response.noContent().build());
  }

  @GET
  @Path("by-phone/{phone}")
  @RolesAllowed(Roles.VIEWER)
  @Operation(summary = "Find the contact of a phone number, written in any format")
  @APIResponse(responseCode = "404", description = "No contact has this number")
  @APIResponse(responseCode = "422", description = "Not a valid phone number")
  public Uni<ContactResponse> byPhone(@PathParam("phone") String phone) {
    SafeText.requireSafe("phone", phone);
    return reads.byPhone(phone).map(ContactMapper::toResponse);
  }

  /**
   * The signed-in caller. The role check has already authenticated the request (authentication is
   * not proactive, so it happens there); the deferred identity never blocks the event loop.
   */
  private Uni<Actor> actor() {
    return identity.getDeferredIdentity().map(Actor::of);
  }
}
