package com.example.crm.sms.gateway.client;

import com.example.crm.sms.gateway.config.CarrierSecrets;
import com.example.crm.sms.gateway.config.GatewayConfig;
import com.twilio.http.TwilioRestClient;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.util.Timeout;
import org.jboss.logging.Logger;

/** Chooses the carrier: the Twilio SDK when credentials are configured, else the simulator. */
@Singleton
public class CarrierClientProducer {

  private static final Logger LOG = Logger.getLogger(CarrierClientProducer.class);

  private ExecutorService executor;

  @Produces
  @Singleton
  CarrierClient carrierClient(GatewayConfig config, CarrierSecrets secrets, Vertx vertx) {
    GatewayConfig.Carrier carrier = config.carrier();
    String mode = carrier.mode().trim().toLowerCase(Locale.ROOT);
    boolean credentials = secrets.accountSid().isPresent() && secrets.authToken().isPresent();
    boolean twilio =
        switch (mode) {
          case "twilio" -> true;
          case "simulated" -> false;
          case "auto" -> credentials;
          default ->
              throw new IllegalArgumentException(
                  "SMS_GATEWAY_CARRIER_MODE must be auto, twilio or simulated, not "
                      + carrier.mode());
        };
    String statusCallback = statusCallbackUrl(config);
    if (!twilio) {
      LOG.infof("Carrier: simulated; status callbacks go to %s", statusCallback);
      return new SimulatedCarrierClient(
          vertx,
          statusCallback,
          secrets.authToken().orElse(null),
          secrets.accountSid().orElse("AC" + "0".repeat(32)),
          carrier.simulated().callbackDelay(),
          carrier.simulated().undeliveredShare());
    }
    if (!credentials) {
      throw new IllegalStateException(
          "SMS_GATEWAY_CARRIER_MODE=twilio needs SMS_TWILIO_ACCOUNT_SID and SMS_TWILIO_AUTH_TOKEN");
    }
    if (carrier.fromNumber().isEmpty() && carrier.messagingServiceSid().isEmpty()) {
      LOG.warn(
          "Neither SMS_TWILIO_FROM_NUMBER nor SMS_TWILIO_MESSAGING_SERVICE_SID is set: sends must name"
              + " a from number");
    }
    TwilioRestClient client =
        new TwilioRestClient.Builder(secrets.accountSid().get(), secrets.authToken().get())
            .accountSid(secrets.accountSid().get())
            .httpClient(
                new TwilioBaseUrlHttpClient(
                    carrier.apiBaseUrl().orElse(null),
                    Timeout.ofMilliseconds(carrier.connectTimeout().toMillis()),
                    Timeout.ofMilliseconds(carrier.readTimeout().toMillis())))
            .build();
    AtomicInteger n = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            carrier.threads(),
            r -> {
              Thread t = new Thread(r, "twilio-sender-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    LOG.infof("Carrier: Twilio SDK; status callbacks go to %s", statusCallback);
    return new TwilioCarrierClient(client, URI.create(statusCallback), executor);
  }

  public static String statusCallbackUrl(GatewayConfig config) {
    String base = config.ingestPublicUrl();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/twilio/status";
  }

  @PreDestroy
  void stop() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
