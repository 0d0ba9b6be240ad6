package com.example.crm.sms.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The checks read a service's Kafka settings as the service does, also where a channel refers to a
 * property of its own ({@code ${sms.contacts.consumer.concurrency}}, set by its env var).
 */
class PlatformServiceTest {

  @ParameterizedTest(name = "[{index}] SMS_CONTACTS_CONSUMER_CONCURRENCY={0} -> {1} per replica")
  @CsvSource(
      nullValues = "NULL",
      value = {"NULL, 3", "2, 2", "6, 6"})
  void contactsConsumersPerReplicaFollowItsSetting(String concurrency, int expected) {
    Map<String, String> env =
        concurrency == null ? Map.of() : Map.of("SMS_CONTACTS_CONSUMER_CONCURRENCY", concurrency);
    assertEquals(expected, PlatformService.CONTACTS.consumersPerReplica(env));
  }

  @Test
  void contactsConsumerGroupIsAmongTheKafkaNamesItUses() {
    assertTrue(
        PlatformService.CONTACTS.kafkaNamesInCode().contains("group:contacts-service"),
        PlatformService.CONTACTS.kafkaNamesInCode().toString());
  }
}
