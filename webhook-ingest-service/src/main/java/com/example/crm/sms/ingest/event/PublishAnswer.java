package com.example.crm.sms.ingest.event;

/**
 * What a publish's Uni ends with, made by the caller (the webhook's HTTP answer) and called by the
 * producer's callback or the deadline, exactly once: so no operator is needed after the Uni, each
 * of which would capture and restore the request's context again (bench/README.md).
 */
public interface PublishAnswer<T> {

  /** The item once Kafka acknowledged the event. */
  T acknowledged();

  /**
   * The failure when Kafka did not acknowledge.
   *
   * @param outcome {@link PublishOutcome#FAILED}, {@link PublishOutcome#TIMEOUT} or {@link
   *     PublishOutcome#BACKLOG}
   */
  Throwable notAcknowledged(PublishOutcome outcome);
}
