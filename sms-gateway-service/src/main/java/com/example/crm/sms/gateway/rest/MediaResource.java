package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.gateway.service.MediaProxyService;
import com.example.crm.sms.security.Roles;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestMulti;

/** The media proxy: an inbound text's MMS items, fetched from the carrier with our credentials. */
@Path("/api/messages/{id}/media/{n}")
public class MediaResource {

  private final MediaProxyService media;

  public MediaResource(MediaProxyService media) {
    this.media = media;
  }

  /** Where the API serves item {@code n} of a message (MessageResponse's media[].url). */
  static String url(UUID id, int n) {
    return "/api/messages/" + id + "/media/" + n;
  }

  @GET
  // Not */*, which would make the stream server-sent events; the carrier's type replaces it.
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      summary = "One media item of a text",
      description =
          "The bytes, fetched from the carrier on each request, with its Content-Type; 404 when the"
              + " message or item does not exist, 502 when the carrier refused or failed (or the"
              + " item is too large, or its URL or a redirect leaves the allowed media hosts), 504"
              + " when the carrier was too slow. Role: "
              + Roles.VIEWER
              + " (or higher).")
  public RestMulti<Buffer> item(@PathParam("id") String id, @PathParam("n") String n) {
    return RestMulti.fromUniResponse(
        media.item(id, n),
        MediaProxyService.MediaBytes::body,
        m -> headers(m.contentType()),
        m -> 200);
  }

  /** A picture shows in the page; anything else downloads, never rendered as ours (nosniff). */
  static Map<String, List<String>> headers(String contentType) {
    boolean image = contentType.toLowerCase(Locale.ROOT).startsWith("image/");
    return Map.of(
        "Content-Type", List.of(contentType),
        "Cache-Control", List.of("private, max-age=3600"),
        "X-Content-Type-Options", List.of("nosniff"),
        "Content-Disposition", List.of(image ? "inline" : "attachment"));
  }
}
