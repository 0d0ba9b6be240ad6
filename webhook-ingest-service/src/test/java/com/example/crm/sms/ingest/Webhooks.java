package com.example.crm.sms.ingest;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Builds and posts Twilio-like webhooks in tests. */
public final class Webhooks {

  private Webhooks() {}

  public static String newMessageSid() {
    return "SM" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Inbound parameters as Twilio sends them for a plain SMS. */
  public static Map<String, String> inbound(String sid, String from, String body) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ToCountry", "US");
    p.put("ToState", "FL");
    p.put("SmsMessageSid", sid);
    p.put("NumMedia", "0");
    p.put("ToCity", "NAPLES");
    p.put("FromZip", "34102");
    p.put("SmsSid", sid);
    p.put("FromState", "FL");
    p.put("SmsStatus", "received");
    p.put("FromCity", "NAPLES");
    p.put("Body", body);
    p.put("FromCountry", "US");
    p.put("To", "+12395550100");
    p.put("MessagingServiceSid", "MG00000000000000000000000000000000");
    p.put("ToZip", "34102");
    p.put("NumSegments", "1");
    p.put("MessageSid", sid);
    p.put("AccountSid", "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
    p.put("From", from);
    p.put("ApiVersion", "2010-04-01");
    return p;
  }

  /** Status callback parameters as Twilio sends them. */
  public static Map<String, String> status(String sid, String status) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("SmsSid", sid);
    p.put("SmsStatus", status);
    p.put("MessageStatus", status);
    p.put("To", "+12394267058");
    p.put("MessagingServiceSid", "MG00000000000000000000000000000000");
    p.put("MessageSid", sid);
    p.put("AccountSid", "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
    p.put("From", "+12395550100");
    p.put("ApiVersion", "2010-04-01");
    return p;
  }

  public static String formBody(Map<String, String> params) {
    return params.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** Posts the parameters signed with the primary test token for the public URL. */
  public static ValidatableResponse postSigned(String path, Map<String, String> params) {
    return post(
        path,
        params,
        TwilioSigning.sign(TwilioSigning.PRIMARY, TwilioSigning.PUBLIC_URL + path, params));
  }

  public static ValidatableResponse post(
      String path, Map<String, String> params, String signature) {
    var request =
        given()
            .contentType("application/x-www-form-urlencoded; charset=UTF-8")
            .body(formBody(params));
    if (signature != null) {
      request.header("X-Twilio-Signature", signature);
    }
    return request.when().post(path).then();
  }
}
