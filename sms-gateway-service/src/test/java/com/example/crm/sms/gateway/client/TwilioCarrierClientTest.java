package com.example.crm.sms.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.example.crm.sms.gateway.support.FakeTwilio;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Test;

class TwilioCarrierClientTest {

  private static ApiException api(int code, int status) {
    return new ApiException("error " + code, code, null, status, null, null, null, null);
  }

  @Test
  void sendsThroughAMessagingServiceWhenThereIsNoFromNumber() {
    FakeTwilio twilio = FakeTwilio.shared();
    TwilioRestClient rest =
        new TwilioRestClient.Builder(FakeTwilio.ACCOUNT_SID, FakeTwilio.AUTH_TOKEN)
            .httpClient(
                new TwilioBaseUrlHttpClient(
                    twilio.baseUrl(), Timeout.ofSeconds(2), Timeout.ofSeconds(2)))
            .build();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      TwilioCarrierClient client =
          new TwilioCarrierClient(rest, URI.create("http://127.0.0.1:9/twilio/status"), executor);
      String to = "+12394260001";
      String service = "MG" + "0".repeat(31) + "7";
      SendOutcome outcome =
          client
              .send(new CarrierClient.OutgoingSms(to, null, service, "Hi"))
              .await()
              .atMost(Duration.ofSeconds(10));
      assertInstanceOf(SendOutcome.Accepted.class, outcome);
      Map<String, String> form = twilio.sendsTo(to).get(0).form();
      assertEquals(service, form.get("MessagingServiceSid"));
      assertFalse(form.containsKey("From"));
      assertEquals("Hi", form.get("Body"));
    } finally {
      executor.shutdownNow();
    }
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
  void readTimeoutWrappedInAnApiExceptionIsAnUnknownOutcome() {
    assertInstanceOf(
        SendOutcome.Unknown.class,
        TwilioCarrierClient.classify(
            new ApiException("Read timed out", new SocketTimeoutException("Read timed out"))));
  }

  @Test
  void readTimeoutIsAnUnknownOutcome() {
    assertInstanceOf(
        SendOutcome.Unknown.class,
        TwilioCarrierClient.classify(
            new ApiConnectionException("timeout", new SocketTimeoutException("Read timed out"))));
  }
}
