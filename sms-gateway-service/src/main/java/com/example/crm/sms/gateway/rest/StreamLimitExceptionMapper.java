package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.gateway.service.TooManyStreamsException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The stream cap's 503: the shared problem mapper's body plus Retry-After. More specific than the
 * shared mapper of every ProblemException, so it wins for this one.
 */
public class StreamLimitExceptionMapper {

  @ServerExceptionMapper
  public Response tooManyStreams(TooManyStreamsException e, UriInfo uri) {
    return Response.status(e.problem().status())
        .type(Problem.MEDIA_TYPE)
        .header(HttpHeaders.RETRY_AFTER, TooManyStreamsException.RETRY_AFTER_SECONDS)
        .entity(e.problem().at(uri.getPath()))
        .build();
  }
}
