package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.http.QueryParams;
import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.gateway.client.CarrierClient;
import com.example.crm.sms.gateway.config.GatewayConfig;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Rule 12 (docs/architecture.md): we send only from our numbers, only where we allow. A send's
 * {@code from} must be one of the configured sender numbers (the default sender always is) or the
 * configured Messaging Service; its recipient must be in one of the allowed countries
 * (libphonenumber's region of the number). Checked before anything is written. Built at start, so a
 * bad setting stops the start.
 */
@Startup
@ApplicationScoped
public class SendPolicy {

  private static final Logger LOG = Logger.getLogger(SendPolicy.class);
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /**
   * Who sends a text.
   *
   * @param fromNumber the sender number (E.164), or null to send through the Messaging Service
   * @param messagingServiceSid the Messaging Service when {@code fromNumber} is null
   */
  public record Sender(String fromNumber, String messagingServiceSid) {}

  private final PhoneNumbers phones;
  private final Optional<String> defaultSender;
  private final Optional<String> messagingServiceSid;
  private final Set<String> senders;
  private final Set<String> countries;

  public SendPolicy(GatewayConfig config, PhoneNumbers phones, CarrierClient carrier) {
    this.phones = phones;
    GatewayConfig.Carrier c = config.carrier();
    this.messagingServiceSid = c.messagingServiceSid().map(String::strip).filter(s -> !s.isEmpty());
    Optional<String> configuredFrom = c.fromNumber().map(String::strip).filter(s -> !s.isEmpty());
    if (configuredFrom.isPresent()) {
      defaultSender = Optional.of(ourNumber("SMS_TWILIO_FROM_NUMBER", configuredFrom.get()));
    } else if ("simulated".equals(carrier.name()) && messagingServiceSid.isEmpty()) {
      defaultSender =
          Optional.of(
              ourNumber("SMS_GATEWAY_CARRIER_SIMULATED_FROM_NUMBER", c.simulated().fromNumber()));
    } else {
      defaultSender = Optional.empty();
    }
    Set<String> numbers = new LinkedHashSet<>();
    defaultSender.ifPresent(numbers::add);
    c.senderNumbers().orElse(List.of()).stream()
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .forEach(n -> numbers.add(ourNumber("SMS_TWILIO_SENDER_NUMBERS", n)));
    this.senders = Collections.unmodifiableSet(numbers);
    Set<String> regions = new LinkedHashSet<>();
    config.allowedDestinationCountries().orElse(List.of(phones.defaultRegion())).stream()
        .map(s -> s.strip().toUpperCase(Locale.ROOT))
        .filter(s -> !s.isEmpty())
        .forEach(
            r -> {
              if (!UTIL.getSupportedRegions().contains(r)
                  && !PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(r)) {
                throw new IllegalArgumentException(
                    "SMS_GATEWAY_ALLOWED_DESTINATION_COUNTRIES: '"
                        + r
                        + "' is not an ISO 3166 region code");
              }
              regions.add(r);
            });
    if (regions.isEmpty()) {
      regions.add(phones.defaultRegion());
    }
    this.countries = Collections.unmodifiableSet(regions);
    LOG.infof(
        "Senders: %s%s; destinations: %s",
        numbers, messagingServiceSid.map(s -> " and Messaging Service " + s).orElse(""), regions);
  }

  private String ourNumber(String setting, String number) {
    return phones
        .toE164(number)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    setting + ": '" + number + "' is not a valid phone number"));
  }

  /** The sender of a send that names {@code requested} (null or blank: the default). */
  public Sender sender(String requested) {
    if (requested == null || requested.isBlank()) {
      if (defaultSender.isPresent()) {
        return new Sender(defaultSender.get(), null);
      }
      if (messagingServiceSid.isPresent()) {
        return new Sender(null, messagingServiceSid.get());
      }
      throw ProblemException.unprocessable(
          "from",
          "No sender: name 'from' or configure SMS_TWILIO_FROM_NUMBER or"
              + " SMS_TWILIO_MESSAGING_SERVICE_SID");
    }
    String value = requested.strip();
    if (messagingServiceSid.filter(value::equals).isPresent()) {
      return new Sender(null, messagingServiceSid.get());
    }
    String e164 =
        phones
            .toE164(value)
            .orElseThrow(
                () ->
                    ProblemException.unprocessable(
                        "from",
                        "Field 'from': '"
                            + QueryParams.abbreviated(requested)
                            + "' is not a valid phone number"));
    if (!senders.contains(e164)) {
      throw ProblemException.unprocessable(
          "from",
          "Field 'from': "
              + e164
              + " is not one of our sender numbers"
              + (messagingServiceSid.isPresent() ? " nor our Messaging Service" : "")
              + "; allowed: "
              + String.join(", ", senders));
    }
    return new Sender(e164, null);
  }

  /** Refuses (422 naming {@code to}) a recipient outside the allowed countries. */
  public void requireAllowedDestination(String e164) {
    String region = phones.region(e164).orElse("ZZ");
    if (!countries.contains(region)) {
      throw ProblemException.unprocessable(
          "to",
          "Field 'to': texts to "
              + e164
              + " ("
              + region
              + ") are not allowed; allowed destination countries: "
              + String.join(", ", countries));
    }
  }
}
