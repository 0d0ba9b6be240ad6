package com.example.crm.sms.ingest.rest;

import com.example.crm.sms.common.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A webhook Kafka did not acknowledge: the shared problem+json 503 plus Retry-After, as every 503
 * of the platform. More specific than the shared mapper of every ProblemException, so it wins.
 */
public class PublishOutcomeMapper {

  /** Seconds before a retry; Twilio itself tries the webhook's fallback URL at once. */
  static final String RETRY_AFTER_SECONDS = "5";

  @ServerExceptionMapper
  public Response unavailable(PublishFailedException e, UriInfo uri) {
    return Response.status(e.problem().status())
        .type(Problem.MEDIA_TYPE)
        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .entity(e.problem().at(uri.getPath()))
        .build();
  }
}
