package com.example.crm.sms.ingest.config;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.ingest.service.InboundMessageMapper;
import com.example.crm.sms.ingest.service.StatusCallbackMapper;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the plain mapping classes, which stay framework-free for their unit tests. */
public class MapperConfig {

  @Produces
  @Singleton
  InboundMessageMapper inboundMessageMapper(PhoneNumbers phones) {
    return new InboundMessageMapper(phones);
  }

  @Produces
  @Singleton
  StatusCallbackMapper statusCallbackMapper(PhoneNumbers phones) {
    return new StatusCallbackMapper(phones);
  }
}
