package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.config.GatewayConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.ThreadLocalRandom;

/** The one {@link MessageLifecycle}, with the dispatcher's retry settings. */
@Singleton
public class LifecycleProducer {

  @Produces
  @Singleton
  MessageLifecycle lifecycle(GatewayConfig config) {
    GatewayConfig.Dispatcher d = config.dispatcher();
    return new MessageLifecycle(
        d.maxAttempts(),
        new Backoff(
            d.initialBackoff(), d.maxBackoff(), () -> ThreadLocalRandom.current().nextDouble()));
  }
}
