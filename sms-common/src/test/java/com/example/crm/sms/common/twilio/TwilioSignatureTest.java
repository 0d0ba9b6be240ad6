package com.example.crm.sms.common.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

  // Twilio's documented example: its URL, parameters and auth token give this signature.
  private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  private static final Map<String, String> PARAMS =
      Map.of(
          "CallSid", "CA1234567890ABCDE",
          "Caller", "+12349013030",
          "Digits", "1234",
          "From", "+12349013030",
          "To", "+18005551212");

  @Test
  void signsTwilioDocumentedExample() {
    assertEquals("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", TwilioSignature.sign("12345", URL, PARAMS));
  }

  @Test
  void anotherTokenGivesAnotherSignature() {
    assertNotEquals(
        TwilioSignature.sign("12345", URL, PARAMS), TwilioSignature.sign("54321", URL, PARAMS));
  }
}
