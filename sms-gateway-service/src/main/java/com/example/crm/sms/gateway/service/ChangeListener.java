package com.example.crm.sms.gateway.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The replica's one LISTEN connection: every live stream hears the NOTIFYs of the database through
 * it, whichever replica made the change, and only once that change committed. Reconnects by itself;
 * a notification sent while it was away is lost, as LISTEN/NOTIFY loses it.
 */
@ApplicationScoped
public class ChangeListener {

  private static final Logger LOG = Logger.getLogger(ChangeListener.class);

  private final PgSubscriber subscriber;
  private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();

  public ChangeListener(
      Vertx vertx,
      @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") String user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user);
    password.filter(p -> !p.isEmpty()).ifPresent(options::setPassword);
    this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> 1000L);
  }

  /**
   * Calls {@code handler} with the payload of every notification on {@code channel}, on the
   * listener's event loop (a handler must not block). Several handlers may share a channel.
   */
  public void listen(String channel, Consumer<String> handler) {
    handlers
        .computeIfAbsent(
            channel,
            name -> {
              List<Consumer<String>> list = new CopyOnWriteArrayList<>();
              subscriber.channel(name).handler(payload -> list.forEach(h -> h.accept(payload)));
              return list;
            })
        .add(handler);
  }

  /** After every bean that listens registered its channels at startup. */
  void onStart(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
    subscriber
        .connect()
        .onFailure()
        .invoke(f -> LOG.warnf("LISTEN connection failed (%s); retrying", f.toString()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
        .indefinitely()
        .subscribe()
        .with(ok -> LOG.debugf("Listening on %s", handlers.keySet()), f -> {});
  }

  void onStop(@Observes ShutdownEvent event) {
    subscriber.closeAndForget();
  }
}
