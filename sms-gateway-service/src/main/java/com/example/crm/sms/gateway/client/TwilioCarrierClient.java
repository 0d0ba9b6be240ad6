package com.example.crm.sms.gateway.client;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.rest.api.v2010.account.MessageReader;
import com.twilio.type.PhoneNumber;
import io.smallrye.mutiny.Uni;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.jboss.logging.Logger;

/**
 * Sends through the Twilio Java SDK. The SDK blocks, so every call runs on a pool of its own, never
 * on the event loop; every answer is classified for the dispatcher.
 */
public class TwilioCarrierClient implements CarrierClient {

  private static final Logger LOG = Logger.getLogger(TwilioCarrierClient.class);

  /** One page of a number's messages: a lost send is looked for within minutes of it. */
  static final long LIST_PAGE_SIZE = 50;

  private final TwilioRestClient client;
  private final URI statusCallback;
  private final ExecutorService executor;

  public TwilioCarrierClient(
      TwilioRestClient client, URI statusCallback, ExecutorService executor) {
    this.client = client;
    this.statusCallback = statusCallback;
    this.executor = executor;
  }

  @Override
  public String name() {
    return "twilio";
  }

  @Override
  public Uni<SendOutcome> send(OutgoingSms sms) {
    return call(
        () -> {
          MessageCreator creator =
              sms.from() != null
                  ? Message.creator(
                      new PhoneNumber(sms.to()), new PhoneNumber(sms.from()), sms.body())
                  : Message.creator(
                      new PhoneNumber(sms.to()), sms.messagingServiceSid(), sms.body());
          return accepted(creator.setStatusCallback(statusCallback).create(client));
        });
  }

  @Override
  public Uni<SendOutcome> fetch(String messageSid) {
    return call(() -> accepted(Message.fetcher(messageSid).fetch(client)));
  }

  @Override
  public Uni<List<SentMessage>> sentTo(String to, String from, Instant since) {
    return Uni.createFrom()
        .item(
            () -> {
              MessageReader reader =
                  Message.reader()
                      .setTo(new PhoneNumber(to))
                      .setDateSentAfter(since.atZone(ZoneOffset.UTC))
                      .setPageSize(LIST_PAGE_SIZE);
              if (from != null) {
                reader.setFrom(new PhoneNumber(from));
              }
              List<SentMessage> sent = new ArrayList<>();
              for (Message m : reader.firstPage(client).getRecords()) {
                sent.add(
                    new SentMessage(
                        m.getSid(),
                        m.getTo(),
                        m.getFrom() == null ? null : m.getFrom().toString(),
                        m.getMessagingServiceSid(),
                        m.getBody(),
                        m.getStatus() == null ? null : m.getStatus().toString(),
                        m.getErrorCode(),
                        m.getErrorMessage(),
                        m.getDateCreated() == null ? null : m.getDateCreated().toInstant()));
              }
              return sent;
            })
        .runSubscriptionOn(executor);
  }

  private Uni<SendOutcome> call(Supplier<SendOutcome> request) {
    return Uni.createFrom()
        .item(
            () -> {
              try {
                return request.get();
              } catch (RuntimeException e) {
                return classify(e);
              }
            })
        .runSubscriptionOn(executor);
  }

  private static SendOutcome accepted(Message m) {
    return new SendOutcome.Accepted(
        m.getSid(),
        m.getStatus() == null ? null : m.getStatus().toString(),
        m.getErrorCode(),
        m.getErrorMessage());
  }

  /** Maps an SDK failure onto what the dispatcher may do next (rule 6, docs/architecture.md). */
  static SendOutcome classify(RuntimeException e) {
    // The SDK wraps I/O failures in ApiException or ApiConnectionException: look at the cause.
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof ConnectTimeoutException
          || cause instanceof UnknownHostException
          || cause instanceof NoRouteToHostException) {
        return new SendOutcome.Retryable(
            "cannot connect to Twilio: " + cause.getClass().getSimpleName());
      }
      if (cause instanceof SocketTimeoutException || cause instanceof InterruptedIOException) {
        return new SendOutcome.Unknown("no answer from Twilio in time (timeout)");
      }
    }
    if (e instanceof ApiException api) {
      Integer http = api.getStatusCode();
      Integer code = api.getCode();
      if ((http != null && http == 429) || (code != null && code == 20429)) {
        return new SendOutcome.Retryable("Twilio rate limit (429)");
      }
      if (http != null && (http == 401 || http == 403)) {
        return new SendOutcome.Retryable("Twilio refused the credentials (" + http + ")");
      }
      if (http != null && http >= 400 && http < 500) {
        return new SendOutcome.Rejected(code, api.getMessage());
      }
      return new SendOutcome.Unknown(
          "Twilio answered "
              + (http == null ? "an unreadable error" : http)
              + ": "
              + api.getMessage());
    }
    if (e instanceof ApiConnectionException) {
      return new SendOutcome.Unknown("connection to Twilio broke: " + e.getMessage());
    }
    LOG.warnf("Unexpected Twilio client failure: %s", e.getClass().getName());
    return new SendOutcome.Unknown(
        "unexpected Twilio client failure: " + e.getClass().getSimpleName());
  }
}
