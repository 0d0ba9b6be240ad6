package com.example.crm.sms.ingest.rest;

import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.ingest.event.PublishOutcome;

/** The 503 answered when Kafka did not acknowledge; {@link #outcome()} says why. */
public final class PublishFailedException extends ProblemException {

  private final transient PublishOutcome outcome;

  PublishFailedException(PublishOutcome outcome) {
    super(
        Problem.of(
            503,
            "Service Unavailable",
            switch (outcome) {
              case TIMEOUT ->
                  "The event was not acknowledged by Kafka in time; retry or use the fallback URL";
              case BACKLOG ->
                  "Too many events are waiting for Kafka; retry or use the fallback URL";
              default -> "The event could not be published to Kafka; retry or use the fallback URL";
            }));
    this.outcome = outcome;
  }

  public PublishOutcome outcome() {
    return outcome;
  }
}
