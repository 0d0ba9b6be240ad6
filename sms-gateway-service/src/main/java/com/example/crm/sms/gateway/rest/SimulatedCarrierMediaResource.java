package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.gateway.client.CarrierClient;
import com.example.crm.sms.gateway.client.SimulatedCarrierClient;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The simulated carrier's media (rule 10, docs/architecture.md): the sample picture a local MMS
 * (deploy/local/send-inbound-sms.sh with MEDIA_URL) points at, so the media proxy's whole path runs
 * without Twilio. No sign-in, as Twilio's own media URL needs none of ours; it answers only while
 * the simulated carrier is the carrier (404 otherwise), and no edge routes it.
 */
@Startup
@ApplicationScoped
@Path("/simulated-carrier/media/{name}")
public class SimulatedCarrierMediaResource {

  static final String SAMPLE = "sample.png";

  private final boolean simulated;
  private final byte[] sample;

  public SimulatedCarrierMediaResource(CarrierClient carrier) {
    this.simulated = carrier instanceof SimulatedCarrierClient;
    // Read at start-up (@Startup), never on the event loop.
    this.sample = simulated ? read("/simulated-carrier/" + SAMPLE) : new byte[0];
  }

  @GET
  @NonBlocking
  @PermitAll
  @Produces("image/png")
  // Not part of the API (the README lists it): a local run's stand-in for the carrier's media host.
  @Operation(hidden = true)
  public Response media(@PathParam("name") String name) {
    if (!simulated || !SAMPLE.equals(name)) {
      throw ProblemException.notFound("No such simulated media");
    }
    return Response.ok(sample, "image/png").build();
  }

  private static byte[] read(String resource) {
    try (InputStream in = SimulatedCarrierMediaResource.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
