package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.client.CarrierClient;
import com.example.crm.sms.gateway.config.GatewayConfig;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Sends queued texts. Each round claims due rows (UPDATE ... FOR UPDATE SKIP LOCKED, so replicas
 * never share one; due by the {@link Clock}, one-to-one texts before campaign texts) as far as the
 * breaker and the texts in flight leave room, holds those outside their recipient's quiet hours
 * ({@link QuietHoursGate}), has {@link SendPacing} give each of the others its rate slot, and hands
 * it to {@link SendPipeline} when the slot comes. Everything runs on the event loop; the carrier is
 * called off it.
 */
@ApplicationScoped
public class DispatchLoop {

  private static final Logger LOG = Logger.getLogger(DispatchLoop.class);

  private final UUID replica = UUID.randomUUID();
  private final Pool pool;
  private final Vertx vertx;
  private final CarrierClient carrier;
  private final MessageRepository messages;
  private final SendPacing pacing;
  private final SendPipeline pipeline;
  private final CarrierBreaker breaker;
  private final QuietHoursGate quietHours;
  private final Clock clock;
  private final GatewayConfig.Dispatcher config;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean running;

  public DispatchLoop(
      Pool pool,
      Vertx vertx,
      CarrierClient carrier,
      MessageRepository messages,
      SendPacing pacing,
      SendPipeline pipeline,
      CarrierBreaker breaker,
      QuietHoursGate quietHours,
      Clock clock,
      GatewayConfig config) {
    this.pool = pool;
    this.vertx = vertx;
    this.carrier = carrier;
    this.messages = messages;
    this.pacing = pacing;
    this.pipeline = pipeline;
    this.breaker = breaker;
    this.quietHours = quietHours;
    this.clock = clock;
    this.config = config.dispatcher();
  }

  void onStart(@Observes StartupEvent event) {
    if (config.enabled()) {
      start();
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
  }

  /** Starts this replica's rounds (at start-up, when the dispatcher is enabled). */
  void start() {
    if (!running) {
      running = true;
      vertx.setTimer(config.pollInterval().toMillis(), t -> round());
      LOG.infof(
          "Dispatcher %s sends through %s at %.2f segments/s per sender, %.2f per account",
          replica,
          carrier.name(),
          config.perSenderSegmentsPerSecond(),
          config.accountSegmentsPerSecond());
    }
  }

  /** No new round starts; texts already paced still go. */
  void stop() {
    running = false;
  }

  private void round() {
    if (!running) {
      return;
    }
    int room = room();
    if (room <= 0) {
      next(config.pollInterval().toMillis());
      return;
    }
    Instant now = clock.instant();
    messages
        .claimDue(pool, replica, room, config.lookahead(), now)
        .chain(
            claimed ->
                quietHours
                    .sendable(claimed, replica, now)
                    .chain(go -> pacing.schedule(go, replica, this::dispatch))
                    .replaceWith(claimed.size()))
        .subscribe()
        .with(
            n -> next(n >= room ? 1 : config.pollInterval().toMillis()),
            failure -> {
              LOG.warnf("Dispatcher could not claim texts: %s", failure.toString());
              next(config.pollInterval().toMillis() * 4);
            });
  }

  /** Texts to claim now: a batch less those in flight; one trial while half-open; none open. */
  private int room() {
    CircuitBreakerState state = breaker.state();
    if (state == CircuitBreakerState.CLOSED) {
      return config.batchSize() - inFlight.get();
    }
    return state == CircuitBreakerState.HALF_OPEN && inFlight.get() == 0 ? 1 : 0;
  }

  private void next(long delayMillis) {
    if (running) {
      vertx.setTimer(Math.max(1, delayMillis), t -> round());
    }
  }

  private void dispatch(MessageEntity m, long waitMillis) {
    inFlight.incrementAndGet();
    if (waitMillis == 0) {
      send(m);
    } else {
      vertx.setTimer(waitMillis, t -> send(m));
    }
  }

  private void send(MessageEntity m) {
    pipeline
        .send(m, replica)
        .subscribe()
        .with(ok -> inFlight.decrementAndGet(), failure -> inFlight.decrementAndGet());
  }
}
