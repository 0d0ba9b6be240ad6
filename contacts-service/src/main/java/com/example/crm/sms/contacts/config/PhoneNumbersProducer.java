package com.example.crm.sms.contacts.config;

import com.example.crm.sms.common.phone.PhoneNumbers;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

public class PhoneNumbersProducer {

  @Produces
  @Singleton
  PhoneNumbers phoneNumbers(ContactsConfig config) {
    return new PhoneNumbers(config.phoneDefaultRegion());
  }
}
