package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.repository.MessageRepository;
import com.example.crm.sms.gateway.repository.NotifyRepository;
import com.example.crm.sms.gateway.rest.MessageResponse;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Live conversation updates. Every change NOTIFYs channel sms_messages in its own transaction; each
 * replica LISTENs on one connection and fans the notifications out to its SSE clients, so a client
 * sees changes made by any replica, and only committed ones.
 */
@ApplicationScoped
public class MessageStreamService {

  private static final Logger LOG = Logger.getLogger(MessageStreamService.class);

  private final Vertx vertx;
  private final Pool pool;
  private final MessageRepository messages;
  private final BroadcastProcessor<JsonObject> changes = BroadcastProcessor.create();
  private final String url;
  private final String user;
  private final Optional<String> password;
  private PgSubscriber subscriber;

  public MessageStreamService(
      Vertx vertx,
      Pool pool,
      MessageRepository messages,
      @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") String user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    this.vertx = vertx;
    this.pool = pool;
    this.messages = messages;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  void onStart(@Observes StartupEvent event) {
    PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user);
    password.filter(p -> !p.isEmpty()).ifPresent(options::setPassword);
    subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> 1000L);
    subscriber
        .channel(NotifyRepository.CHANNEL)
        .handler(
            payload -> {
              try {
                changes.onNext(new JsonObject(payload));
              } catch (RuntimeException e) {
                LOG.warnf("Ignoring an unreadable notification: %s", e.toString());
              }
            });
    subscriber
        .connect()
        .onFailure()
        .invoke(f -> LOG.warnf("LISTEN connection failed (%s); retrying", f.toString()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
        .indefinitely()
        .subscribe()
        .with(ok -> LOG.debug("Listening for message changes"), f -> {});
  }

  void onStop(@Observes ShutdownEvent event) {
    if (subscriber != null) {
      subscriber.closeAndForget();
    }
    changes.onComplete();
  }

  /** The changes of one conversation (E.164), each as the message's current state. */
  public Multi<MessageResponse> conversation(String phone) {
    // A slow client gets a bounded buffer; past it its stream fails and it reconnects.
    return changes
        .onOverflow()
        .buffer(1024)
        .filter(n -> phone.equals(n.getString("phone")))
        .onItem()
        .transformToUniAndConcatenate(
            n -> messages.findById(pool, UUID.fromString(n.getString("id"))))
        .filter(m -> m != null)
        .map(MessageMapper::toResponse);
  }
}
