package com.example.crm.sms.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.events.KeywordKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeywordClassifierTest {

  @ParameterizedTest(name = "body [{0}] OptOutType [{1}] -> {2}")
  @CsvSource(
      nullValues = "null",
      value = {
        "STOP, null, OPT_OUT",
        "stop, null, OPT_OUT",
        "'  Stop  ', null, OPT_OUT",
        "'\tSTOP\n', null, OPT_OUT",
        "STOPALL, null, OPT_OUT",
        "unsubscribe, null, OPT_OUT",
        "'    UNSUBSCRIBE    ', null, OPT_OUT",
        "UNSUBSCRIBED, null, NONE",
        "Cancel, null, OPT_OUT",
        "END, null, OPT_OUT",
        "quit, null, OPT_OUT",
        "REVOKE, null, OPT_OUT",
        "optout, null, OPT_OUT",
        "START, null, OPT_IN",
        "yes, null, OPT_IN",
        "Unstop, null, OPT_IN",
        "HELP, null, HELP",
        "info, null, HELP",
        "STOP 12345, null, NONE",
        "please stop, null, NONE",
        "STOP., null, NONE",
        "S T O P, null, NONE",
        "'', null, NONE",
        "null, null, NONE",
        "Is the viewing still on?, null, NONE",
        "arrêt, STOP, OPT_OUT",
        "Hello, STOP, OPT_OUT",
        "STOP, START, OPT_IN",
        "whatever, help, HELP",
        "STOP, SOMETHING_NEW, OPT_OUT",
        "hi, SOMETHING_NEW, NONE"
      })
  void classifiesOnlyAWholeKeywordOrTwilioOptOutType(
      String body, String optOutType, KeywordKind expected) {
    assertEquals(expected, KeywordClassifier.classify(body, optOutType));
  }
}
