package com.example.crm.sms.gateway.config;

import com.example.crm.sms.common.phone.PhoneNumbers;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One {@link PhoneNumbers} for the service, for the configured default region. */
public class PhoneNumbersConfig {

  @Produces
  @Singleton
  PhoneNumbers phoneNumbers(GatewayConfig config) {
    return new PhoneNumbers(config.defaultRegion());
  }
}
