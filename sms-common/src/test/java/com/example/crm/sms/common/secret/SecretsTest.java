package com.example.crm.sms.common.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {

  @ParameterizedTest(name = "''{0}'' is a placeholder: {1}")
  @CsvSource({
    "change-me-twilio-auth-token,true",
    "CHANGE-ME,true",
    "' change-me-db-password',true",
    "0123456789abcdef0123456789abcdef,false",
    "please-change-me,false",
    "'',false"
  })
  void aValueStartingWithChangeMeIsThePlaceholder(String value, boolean placeholder) {
    assertEquals(placeholder, Secrets.isPlaceholder(value));
  }

  @ParameterizedTest(name = "''{0}'' reads as ''{1}''")
  @CsvSource({"'token\n',token", "' token\r\n',token", "'   ',''", "'t o k',t o k"})
  void surroundingWhitespaceIsNeverPartOfASecret(String value, String expected) {
    assertEquals(expected, Secrets.trimmed(value));
  }
}
