package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.client.SendOutcome;
import com.example.crm.sms.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * Stops sending while the carrier is down (SmallRye Fault Tolerance's circuit breaker, named
 * {@value #NAME}): after {@code threshold} consecutive failures (a retryable or unknown outcome:
 * refused connections, 429s, 5xx, timeouts) it opens for the open duration; then it lets one trial
 * send through (half-open), which closes it on success or opens it again on failure. A rejection
 * (4xx) is the carrier working, so it counts as a success. Its metrics carry {@code method=<name>}
 * (e.g. ft_circuitbreaker_state_current{method="carrier",state="open"}).
 */
@Singleton
public class CarrierBreaker {

  public static final String NAME = "carrier";

  private final String name;
  private final TypedGuard<Uni<SendOutcome>> guard;

  @Inject
  public CarrierBreaker(GatewayConfig config) {
    this(
        NAME,
        config.dispatcher().breakerFailureThreshold(),
        config.dispatcher().breakerOpenDuration());
  }

  /**
   * @param name unique among the application's circuit breakers
   */
  public CarrierBreaker(String name, int threshold, Duration open) {
    this.name = name;
    // A window of the last `threshold` calls that opens when all of them failed: consecutive ones.
    this.guard =
        TypedGuard.create(new TypeLiteral<Uni<SendOutcome>>() {})
            .withDescription(name)
            .withCircuitBreaker()
            .name(name)
            .requestVolumeThreshold(threshold)
            .failureRatio(1.0)
            .delay(open.toMillis(), ChronoUnit.MILLIS)
            .successThreshold(1)
            .failOn(CarrierDown.class)
            .done()
            .build();
  }

  /**
   * Runs {@code send} unless the breaker is open (then the Uni fails with {@link
   * org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException} and {@code
   * send} does not run). Its outcome, which may be null when nothing was sent, comes back as it is.
   */
  public Uni<SendOutcome> call(Supplier<Uni<SendOutcome>> send) {
    return guard
        .get(
            () ->
                send.get()
                    .onItem()
                    .transformToUni(
                        outcome ->
                            outcome instanceof SendOutcome.Retryable
                                    || outcome instanceof SendOutcome.Unknown
                                ? Uni.createFrom().<SendOutcome>failure(new CarrierDown(outcome))
                                : Uni.createFrom().item(outcome)))
        .onFailure(CarrierDown.class)
        .recoverWithItem(f -> ((CarrierDown) f).outcome);
  }

  /** Closed: send freely; half-open: one trial may go; open: nothing may. */
  public CircuitBreakerState state() {
    return CircuitBreakerMaintenance.get().currentState(name);
  }

  /** A failed outcome in transit through the guard, so that the breaker counts it. */
  private static final class CarrierDown extends RuntimeException {
    final transient SendOutcome outcome;

    CarrierDown(SendOutcome outcome) {
      super(outcome.toString(), null, false, false);
      this.outcome = outcome;
    }
  }
}
