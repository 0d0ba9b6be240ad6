package com.example.crm.sms.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class TwilioCarrierClientTest {

  private static ApiException api(int code, int status) {
    return new ApiException("error " + code, code, null, status, null, null, null, null);
  }

  @Test
  void invalidNumberIsRejectedWithItsCode() {
    SendOutcome.Rejected r =
        assertInstanceOf(SendOutcome.Rejected.class, TwilioCarrierClient.classify(api(21211, 400)));
    assertEquals(21211, r.errorCode());
  }

  @Test
  void rateLimitIsRetryable() {
    assertInstanceOf(SendOutcome.Retryable.class, TwilioCarrierClient.classify(api(20429, 429)));
  }

  @Test
  void serverErrorIsAnUnknownOutcome() {
    assertInstanceOf(SendOutcome.Unknown.class, TwilioCarrierClient.classify(api(20500, 500)));
  }

  @Test
  void refusedConnectionIsRetryable() {
    assertInstanceOf(
        SendOutcome.Retryable.class,
        TwilioCarrierClient.classify(
            new ApiConnectionException("refused", new ConnectException("Connection refused"))));
  }

  @Test
  void readTimeoutIsAnUnknownOutcome() {
    assertInstanceOf(
        SendOutcome.Unknown.class,
        TwilioCarrierClient.classify(
            new ApiConnectionException("timeout", new SocketTimeoutException("Read timed out"))));
  }
}
