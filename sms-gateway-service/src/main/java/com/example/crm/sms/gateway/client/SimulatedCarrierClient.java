package com.example.crm.sms.gateway.client;

import com.example.crm.sms.common.twilio.TwilioSignature;
import com.example.crm.sms.events.TwilioErrorCodes;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The carrier of rule 10 (docs/architecture.md), for running without Twilio: it accepts every text
 * with a Twilio-like SID and then posts signed status callbacks (sending, sent, delivered, or a
 * configured share undelivered with 30006) to the ingest service, as Twilio would, without
 * blocking. Like Twilio's test API it refuses its magic recipient numbers, so failures can be seen
 * locally.
 */
public class SimulatedCarrierClient implements CarrierClient {

  private static final Logger LOG = Logger.getLogger(SimulatedCarrierClient.class);
  private static final int CALLBACK_ATTEMPTS = 3;

  /**
   * Texts kept for {@link #fetch} and {@link #sentTo} (the reconciler asks within a minute or so of
   * a send): at most this many, each for at most {@link #TRACKED_FOR}, so memory does not grow with
   * every text.
   */
  static final int TRACKED_MESSAGES = 10_000;

  static final Duration TRACKED_FOR = Duration.ofHours(1);

  /**
   * Twilio's magic "To" numbers of its test credentials and the error each create answers (the code
   * and message a real 4xx carries, as {@link TwilioCarrierClient} reports it): no SID, no
   * callbacks.
   */
  static final Map<String, SendOutcome.Rejected> MAGIC_RECIPIENTS =
      Map.of(
          "+15005550001",
          new SendOutcome.Rejected(
              21211, "The 'To' number +15005550001 is not a valid phone number."),
          "+15005550004",
          new SendOutcome.Rejected(
              TwilioErrorCodes.UNSUBSCRIBED_RECIPIENT, "Attempt to send to unsubscribed recipient"),
          "+15005550009",
          new SendOutcome.Rejected(21614, "'To' number is not a valid mobile number"));

  private final Vertx vertx;
  private final WebClient web;
  private final String statusCallbackUrl;
  private final String authToken;
  private final String accountSid;
  private final Duration delay;
  private final double undeliveredShare;
  private final SecureRandom random = new SecureRandom();

  /** What the simulated carrier sent, and its last status. */
  private record Tracked(OutgoingSms sms, Instant createdAt, String status) {
    Tracked withStatus(String next) {
      return new Tracked(sms, createdAt, next);
    }
  }

  private final Cache<String, Tracked> lastStatus;

  public SimulatedCarrierClient(
      Vertx vertx,
      String statusCallbackUrl,
      String authToken,
      String accountSid,
      Duration delay,
      double undeliveredShare) {
    this(
        vertx, statusCallbackUrl, authToken, accountSid, delay, undeliveredShare, TRACKED_MESSAGES);
  }

  SimulatedCarrierClient(
      Vertx vertx,
      String statusCallbackUrl,
      String authToken,
      String accountSid,
      Duration delay,
      double undeliveredShare,
      int trackedMessages) {
    // Evictions run on the caller's thread: no pool threads of its own.
    this.lastStatus =
        Caffeine.newBuilder()
            .maximumSize(trackedMessages)
            .expireAfterWrite(TRACKED_FOR)
            .executor(Runnable::run)
            .build();
    this.vertx = vertx;
    this.web = WebClient.create(vertx);
    this.statusCallbackUrl = statusCallbackUrl;
    this.authToken = authToken;
    this.accountSid = accountSid;
    this.delay = delay;
    this.undeliveredShare = undeliveredShare;
    if (authToken == null || authToken.isBlank()) {
      LOG.warn("SMS_TWILIO_AUTH_TOKEN is not set: the simulated carrier posts no status callbacks");
    }
  }

  @Override
  public String name() {
    return "simulated";
  }

  @Override
  public Uni<SendOutcome> send(OutgoingSms sms) {
    SendOutcome.Rejected refused = MAGIC_RECIPIENTS.get(sms.to());
    if (refused != null) {
      return Uni.createFrom().item(refused);
    }
    byte[] id = new byte[16];
    random.nextBytes(id);
    String sid = "SM" + HexFormat.of().formatHex(id);
    lastStatus.put(sid, new Tracked(sms, Instant.now(), "queued"));
    boolean undelivered = random.nextDouble() < undeliveredShare;
    List<String> statuses = List.of("sending", "sent", undelivered ? "undelivered" : "delivered");
    for (int i = 0; i < statuses.size(); i++) {
      String status = statuses.get(i);
      vertx.setTimer(
          Math.max(1, delay.toMillis() * (i + 1)),
          t -> {
            lastStatus.asMap().computeIfPresent(sid, (k, tracked) -> tracked.withStatus(status));
            post(callback(sid, sms, status), CALLBACK_ATTEMPTS);
          });
    }
    return Uni.createFrom().item(new SendOutcome.Accepted(sid, "queued", null, null));
  }

  @Override
  public Uni<SendOutcome> fetch(String messageSid) {
    Tracked tracked = lastStatus.getIfPresent(messageSid);
    return Uni.createFrom()
        .item(
            tracked == null
                ? new SendOutcome.Rejected(20404, "The simulated carrier has no " + messageSid)
                : new SendOutcome.Accepted(messageSid, tracked.status(), null, null));
  }

  @Override
  public Uni<List<SentMessage>> sentTo(String to, String from, Instant since) {
    List<SentMessage> sent = new ArrayList<>();
    lastStatus
        .asMap()
        .forEach(
            (sid, t) -> {
              if (t.sms().to().equals(to)
                  && (from == null || from.equals(t.sms().from()))
                  && !t.createdAt().isBefore(since)) {
                sent.add(
                    new SentMessage(
                        sid,
                        to,
                        t.sms().from(),
                        t.sms().messagingServiceSid(),
                        t.sms().body(),
                        t.status(),
                        null,
                        null,
                        t.createdAt()));
              }
            });
    sent.sort(Comparator.comparing(SentMessage::createdAt).reversed());
    return Uni.createFrom().item(sent);
  }

  /** Messages whose status is kept now, for tests. */
  long trackedMessages() {
    lastStatus.cleanUp();
    return lastStatus.estimatedSize();
  }

  private Map<String, String> callback(String sid, OutgoingSms sms, String status) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("AccountSid", accountSid);
    form.put("ApiVersion", "2010-04-01");
    form.put("MessageSid", sid);
    form.put("SmsSid", sid);
    form.put("MessageStatus", status);
    form.put("SmsStatus", status);
    form.put("To", sms.to());
    form.put("From", sms.from() == null ? "" : sms.from());
    if (sms.messagingServiceSid() != null) {
      form.put("MessagingServiceSid", sms.messagingServiceSid());
    }
    if ("undelivered".equals(status)) {
      form.put("ErrorCode", "30006");
    }
    return form;
  }

  private void post(Map<String, String> form, int attemptsLeft) {
    if (authToken == null || authToken.isBlank()) {
      return;
    }
    MultiMap body = MultiMap.caseInsensitiveMultiMap();
    form.forEach(body::add);
    web.postAbs(statusCallbackUrl)
        .putHeader("X-Twilio-Signature", TwilioSignature.sign(authToken, statusCallbackUrl, form))
        .sendForm(body)
        .subscribe()
        .with(
            response -> {
              if (response.statusCode() >= 300) {
                retry(form, attemptsLeft, "HTTP " + response.statusCode());
              }
            },
            failure -> retry(form, attemptsLeft, failure.getClass().getSimpleName()));
  }

  private void retry(Map<String, String> form, int attemptsLeft, String reason) {
    if (attemptsLeft <= 1) {
      LOG.warnf(
          "Simulated %s callback for %s was not taken (%s); giving up",
          form.get("MessageStatus"), form.get("MessageSid"), reason);
      return;
    }
    vertx.setTimer(1000, t -> post(form, attemptsLeft - 1));
  }
}
