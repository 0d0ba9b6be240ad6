package com.example.crm.sms.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the gateway; README.md lists each with its environment variable. A setting only
 * the gateway reads is read from the name SmallRye derives ({@code
 * sms.gateway.dispatcher.batch-size} from SMS_GATEWAY_DISPATCHER_BATCH_SIZE) and has its default
 * here; one the platform shares (SMS_INGEST_PUBLIC_URL, SMS_TWILIO_*) keeps its name through one
 * line of application.properties, which also holds its default.
 */
@ConfigMapping(prefix = "sms.gateway")
public interface GatewayConfig {

  /**
   * Base URL of the ingest service (SMS_INGEST_PUBLIC_URL); Twilio posts status callbacks to {@code
   * <url>/twilio/status}.
   */
  String ingestPublicUrl();

  /**
   * ISO 3166 codes of the countries texts may be sent to
   * (SMS_GATEWAY_ALLOWED_DESTINATION_COUNTRIES); when absent, only the default region's.
   */
  Optional<List<String>> allowedDestinationCountries();

  Api api();

  Stream stream();

  Carrier carrier();

  Dispatcher dispatcher();

  Relay relay();

  Idempotency idempotency();

  QuietHours quietHours();

  Campaign campaign();

  Media media();

  interface Api {
    /**
     * Largest request body of the /api routes (SMS_GATEWAY_API_MAX_BODY_SIZE); also the HTTP
     * server's limit.
     */
    @WithDefault("64K")
    MemorySize maxBodySize();

    /**
     * Largest request body of the campaign routes (SMS_GATEWAY_API_MAX_CAMPAIGN_BODY_SIZE): 10,000
     * recipients with their merge values; the HTTP server's limit is the larger of the two.
     */
    @WithDefault("4M")
    MemorySize maxCampaignBodySize();
  }

  interface Stream {
    /** Live streams open at once in this instance; past it 503 with Retry-After. */
    @WithDefault("2000")
    int maxOpen();
  }

  /** The carrier. Every setting but the mode and the simulated carrier's is an SMS_TWILIO_* one. */
  interface Carrier {
    /** auto: Twilio when credentials are set, else simulated; or force twilio / simulated. */
    @WithDefault("auto")
    String mode();

    /** Read through {@link CarrierSecrets}, which trims it and also reads it from a file. */
    Optional<String> accountSid();

    /** A file holding the account SID (a mounted secret), used when accountSid is absent. */
    Optional<String> accountSidFile();

    /** Read through {@link CarrierSecrets}, which trims it and also reads it from a file. */
    Optional<String> authToken();

    /** A file holding the auth token (a mounted secret), used when authToken is absent. */
    Optional<String> authTokenFile();

    /** Default sender number (E.164) when a send names none. */
    Optional<String> fromNumber();

    /**
     * Every number (E.164) a send may name as {@code from}; the default sender is always one of
     * them (SMS_TWILIO_SENDER_NUMBERS, comma-separated).
     */
    Optional<List<String>> senderNumbers();

    /** Messaging Service used when neither the send nor from-number names a sender. */
    Optional<String> messagingServiceSid();

    /** Rewrites https://api.twilio.com to this base (a proxy, or a fake Twilio in tests). */
    Optional<String> apiBaseUrl();

    Duration connectTimeout();

    /** How long to wait for Twilio's answer before the outcome counts as unknown. */
    Duration readTimeout();

    /** Threads that run the blocking Twilio SDK calls (SMS_TWILIO_SENDER_THREADS). */
    int threads();

    Simulated simulated();
  }

  interface Simulated {
    /** Sender the simulated carrier uses when no from-number is configured. */
    @WithDefault("+15005550006")
    String fromNumber();

    /** Delay between the simulated status callbacks. */
    @WithDefault("300ms")
    Duration callbackDelay();

    /** Share of simulated messages that end undelivered with error 30006 (0.0 to 1.0). */
    @WithDefault("0.0")
    double undeliveredShare();
  }

  interface Dispatcher {
    @WithDefault("true")
    boolean enabled();

    /** Pause between claims when nothing is due. */
    @WithDefault("250ms")
    Duration pollInterval();

    /** Messages claimed per round. */
    @WithDefault("50")
    int batchSize();

    /** Segments per second per sender number (1/s is the US long-code limit). */
    @WithDefault("1")
    double perSenderSegmentsPerSecond();

    /** Segments per second for the whole Twilio account. */
    @WithDefault("100")
    double accountSegmentsPerSecond();

    /** A message is only claimed when its rate-limit slot is at most this far ahead. */
    @WithDefault("2s")
    Duration lookahead();

    /** A claim older than this whose send never started goes back to the queue. */
    @WithDefault("2m")
    Duration claimLease();

    @WithDefault("2s")
    Duration initialBackoff();

    @WithDefault("5m")
    Duration maxBackoff();

    /** Attempts (429 / refused connection) before a message fails. */
    @WithDefault("10")
    int maxAttempts();

    /** Consecutive carrier failures that open the circuit breaker. */
    @WithDefault("5")
    int breakerFailureThreshold();

    /** How long the open breaker stops sends before one trial send. */
    @WithDefault("30s")
    Duration breakerOpenDuration();

    /** Wait before an unknown outcome is reconciled with the carrier. */
    @WithDefault("60s")
    Duration unknownOutcomeGrace();

    /**
     * How long after the grace an unknown outcome without a SID is looked for in the carrier's list
     * of messages sent to the number (a message still queued at the carrier has no sent date yet);
     * not found by then, it is settled as failed.
     */
    @WithDefault("15m")
    Duration unknownOutcomeSearchFor();

    /** How often unknown outcomes and stale claims are reconciled. */
    @WithDefault("10s")
    Duration reconcileInterval();

    /**
     * A text in 'sent' for longer than this has its status fetched from the carrier once (a missed
     * delivery callback); well past the minutes a delivery receipt usually takes.
     */
    @WithDefault("2h")
    Duration stuckSentAfter();
  }

  interface Relay {
    @WithDefault("true")
    boolean enabled();

    @WithDefault("200ms")
    Duration pollInterval();

    /**
     * Rows per round: published together, acknowledged together, marked in one statement. At most
     * the channel's max-inflight-messages (1024).
     */
    @WithDefault("500")
    int batchSize();
  }

  interface Idempotency {
    /** Keys are kept at least this long, then purged. */
    @WithDefault("24h")
    Duration retention();

    @WithDefault("1h")
    Duration purgeInterval();
  }

  /**
   * The window in the recipient's local time in which campaign and scheduled texts go
   * (SMS_GATEWAY_QUIET_HOURS_ENABLED / _START / _END); outside it they are held.
   */
  interface QuietHours {
    @WithDefault("true")
    boolean enabled();

    /** Local time the window opens (inclusive). */
    @WithDefault("08:00")
    LocalTime start();

    /** Local time the window closes (exclusive); before start: the window spans midnight. */
    @WithDefault("21:00")
    LocalTime end();
  }

  interface Campaign {
    /** How often due scheduled campaigns start sending and finished ones are marked completed. */
    @WithDefault("1s")
    Duration tickInterval();

    /** Recipients one request may add. */
    @WithDefault("10000")
    int maxRecipientsPerRequest();
  }

  /**
   * The media proxy (GET /api/messages/{id}/media/{n}): what it may fetch, how much, how long.
   * Twilio's media URLs are https://api.twilio.com/..., which redirect to a short-lived URL on its
   * CDN (mms.twiliocdn.com; media stored before HTTP auth was enforced:
   * s3-external-1.amazonaws.com).
   */
  interface Media {
    /**
     * Hosts the proxy fetches from, over https only: {@code host} (port 443) or {@code host:port}
     * (SMS_GATEWAY_MEDIA_ALLOWED_HOSTS, comma-separated). A URL or redirect to any other host is
     * refused without a request.
     */
    @WithDefault("api.twilio.com,mms.twiliocdn.com,media.twiliocdn.com,s3-external-1.amazonaws.com")
    List<String> allowedHosts();

    /**
     * {@code host:port} the proxy may also fetch from over plain http
     * (SMS_GATEWAY_MEDIA_HTTP_HOSTS): the local run's own gateway (its simulated carrier's sample
     * media); none in production.
     */
    Optional<List<String>> httpHosts();

    /** Largest media item (Twilio's limit for a whole MMS is 5 MB); larger ones are refused. */
    @WithDefault("5M")
    MemorySize maxBytes();

    /** The whole fetch, redirects and body included; past it the answer is 504. */
    @WithDefault("10s")
    Duration timeout();

    /** Connecting to one host (within the whole fetch's timeout). */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Redirects followed, each only to an allowed host. */
    @WithDefault("3")
    int maxRedirects();
  }
}
