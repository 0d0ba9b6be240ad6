package com.example.crm.sms.common.phone;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The service's one {@link PhoneNumbers}, for {@code sms.phone.default-region}. */
public class PhoneNumbersProducer {

  @Produces
  @Singleton
  PhoneNumbers phoneNumbers(PhoneConfig config, MeterRegistry registry) {
    PhoneNumbers phones = new PhoneNumbers(config.defaultRegion());
    FunctionCounter.builder("sms.phone.cache.hits", phones, p -> p.cacheStats().hitCount())
        .description("E.164 lookups answered from the cache")
        .register(registry);
    FunctionCounter.builder("sms.phone.cache.misses", phones, p -> p.cacheStats().missCount())
        .description("E.164 lookups that parsed the number")
        .register(registry);
    Gauge.builder("sms.phone.cache.size", phones, PhoneNumbers::cachedEntries)
        .description("Numbers in the E.164 cache")
        .register(registry);
    return phones;
  }
}
