package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.gateway.service.CampaignLifecycle.Action;
import com.example.crm.sms.gateway.service.CampaignQueries;
import com.example.crm.sms.gateway.service.CampaignService;
import com.example.crm.sms.gateway.service.SendService;
import com.example.crm.sms.security.Actor;
import com.example.crm.sms.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Campaigns: sms-admin creates and runs them, sms-viewer reads them. */
@Path("/api/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

  private static final String ACTIONS =
      " 409 when the campaign's state does not allow it, 404 when there is none. Role: "
          + Roles.ADMIN
          + " (or higher).";

  private final CampaignService campaigns;
  private final CampaignQueries queries;
  // Resolved before the method runs (@RolesAllowed), so reading it never blocks.
  private final SecurityIdentity identity;

  public CampaignResource(
      CampaignService campaigns, CampaignQueries queries, SecurityIdentity identity) {
    this.campaigns = campaigns;
    this.queries = queries;
    this.identity = identity;
  }

  // Blocking: checking and merging 10,000 recipients is CPU work of a worker thread, never of the
  // event loop; the database calls stay reactive.
  @POST
  @Blocking
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary = "Create a campaign",
      description =
          "202 with the campaign (draft, or started with start: true); up to 10,000 recipients,"
              + " each number once, opted-out numbers skipped. 422 naming the field at fault"
              + " (recipients[i].to for a bad number, body for an unknown merge field, sendAt)."
              + " The same Idempotency-Key with the same request answers the same campaign. Role: "
              + Roles.ADMIN
              + " (or higher).")
  @Parameter(
      name = SendService.IDEMPOTENCY_HEADER,
      in = ParameterIn.HEADER,
      description = "1 to 255 characters; a repeat with the same request answers the same campaign")
  public Uni<Response> create(CampaignRequest request, @Context HttpHeaders headers) {
    return campaigns
        .create(
            CampaignDtoMapper.toDraft(request),
            MessageResource.idempotencyKey(headers),
            Actor.of(identity))
        .map(CampaignDtoMapper::toResponse)
        .map(c -> Response.accepted(c).location(URI.create("/api/campaigns/" + c.id())).build());
  }

  @POST
  @Blocking
  @Path("/{id}/recipients")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary = "Add recipients to a campaign",
      description =
          "202 with the campaign; only while it is draft or scheduled (409 otherwise). A number"
              + " already in the campaign is not added again. Role: "
              + Roles.ADMIN
              + " (or higher).")
  public Uni<Response> addRecipients(
      @PathParam("id") String id, CampaignRequest.Recipients request) {
    return campaigns
        .addRecipients(
            id, request == null ? null : CampaignDtoMapper.toDrafts(request.recipients()))
        .map(CampaignDtoMapper::toResponse)
        .map(c -> Response.accepted(c).build());
  }

  @POST
  @Path("/{id}/start")
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary = "Start a campaign",
      description =
          "draft to scheduled (sendAt ahead) or sending; 200 with the campaign." + ACTIONS)
  public Uni<CampaignResponse> start(@PathParam("id") String id) {
    return campaigns.act(id, Action.START).map(CampaignDtoMapper::toResponse);
  }

  @POST
  @Path("/{id}/pause")
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary = "Pause a campaign",
      description =
          "scheduled or sending to paused: no text is handed to the carrier after it; 200 with the"
              + " campaign."
              + ACTIONS)
  public Uni<CampaignResponse> pause(@PathParam("id") String id) {
    return campaigns.act(id, Action.PAUSE).map(CampaignDtoMapper::toResponse);
  }

  @POST
  @Path("/{id}/resume")
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary = "Resume a campaign",
      description =
          "paused to sending (or scheduled while sendAt is ahead); 200 with the campaign."
              + ACTIONS)
  public Uni<CampaignResponse> resume(@PathParam("id") String id) {
    return campaigns.act(id, Action.RESUME).map(CampaignDtoMapper::toResponse);
  }

  @POST
  @Path("/{id}/cancel")
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary = "Cancel a campaign",
      description =
          "to canceled, with its texts not yet handed to the carrier; 200 with the campaign."
              + ACTIONS)
  public Uni<CampaignResponse> cancel(@PathParam("id") String id) {
    return campaigns.act(id, Action.CANCEL).map(CampaignDtoMapper::toResponse);
  }

  @GET
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      summary = "Campaigns",
      description =
          "Newest first, limit 1..100 (default 20); pass nextCursor as cursor for older ones."
              + " Role: "
              + Roles.VIEWER
              + " (or higher).")
  public Uni<CampaignResponse.CampaignPage> list(
      @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
    return queries.list(cursor, limit).map(CampaignDtoMapper::toPage);
  }

  @GET
  @Path("/{id}")
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      summary = "One campaign",
      description =
          "With its counts per recipient state and its estimated and actual segments; 404 when"
              + " there is none. Role: "
              + Roles.VIEWER
              + " (or higher).")
  public Uni<CampaignResponse> get(@PathParam("id") String id) {
    return queries.get(id).map(CampaignDtoMapper::toResponse);
  }

  @GET
  @Path("/{id}/recipients")
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      summary = "A campaign's recipients",
      description =
          "In number order, of one status (queued, held, sent, delivered, undelivered, failed,"
              + " skipped, canceled) or all; limit 1..100; pass nextCursor as cursor. Role: "
              + Roles.VIEWER
              + " (or higher).")
  public Uni<CampaignResponse.RecipientPage> recipients(
      @PathParam("id") String id,
      @QueryParam("status") String status,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") String limit) {
    return queries.recipients(id, status, cursor, limit).map(CampaignDtoMapper::toRecipientPage);
  }

  @GET
  @Path("/{id}/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      summary = "A campaign, live",
      description =
          "Server-sent events named campaign, data the campaign: at once, then whenever its"
              + " counts or status change (at most 4 a second). Role: "
              + Roles.VIEWER
              + " (or higher).")
  public Multi<OutboundSseEvent> stream(@PathParam("id") String id, @Context Sse sse) {
    return queries
        .watch(id)
        .map(CampaignDtoMapper::toResponse)
        .map(
            c ->
                sse.newEventBuilder()
                    .name("campaign")
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(CampaignResponse.class, c)
                    .build());
  }
}
