package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.gateway.client.MediaFetchException;
import com.example.crm.sms.gateway.client.MediaFetcher;
import com.example.crm.sms.gateway.repository.MessageMediaRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The media proxy: the n-th media item of a text, fetched from the carrier on each request (nothing
 * cached here). The browser cannot send the account's credentials, and must not have them; the
 * proxy fetches with them and streams the bytes on.
 */
@ApplicationScoped
public class MediaProxyService {

  private static final Logger LOG = Logger.getLogger(MediaProxyService.class);

  /** What is served when neither the carrier nor the webhook named a type. */
  static final String UNKNOWN_TYPE = "application/octet-stream";

  /**
   * An item on its way.
   *
   * @param contentType the carrier's type, else the one the webhook named
   */
  public record MediaBytes(String contentType, Multi<Buffer> body) {}

  private final Pool pool;
  private final MessageMediaRepository media;
  private final MediaFetcher fetcher;

  public MediaProxyService(Pool pool, MessageMediaRepository media, MediaFetcher fetcher) {
    this.pool = pool;
    this.media = media;
    this.fetcher = fetcher;
  }

  /**
   * The item; 404 when the message or the item does not exist (a malformed id is a 400 as for the
   * message itself), 502 when the carrier refused or failed or the proxy's rules refused the fetch,
   * 504 when the carrier was too slow.
   */
  public Uni<MediaBytes> item(String rawId, String rawN) {
    UUID id = MessageService.messageId(rawId);
    int n = itemNumber(rawN, id);
    return media
        .find(pool, id, n)
        .chain(
            item -> {
              if (item == null) {
                throw ProblemException.notFound("No media item " + n + " of message " + id);
              }
              return fetcher
                  .fetch(item.url())
                  .map(f -> new MediaBytes(type(f.contentType(), item.contentType()), f.body()))
                  .onFailure(MediaFetchException.class)
                  .transform(f -> problem(id, n, (MediaFetchException) f));
            });
  }

  private static int itemNumber(String rawN, UUID id) {
    try {
      int n = Integer.parseInt(rawN.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // Falls through: no such item.
    }
    throw ProblemException.notFound("No such media item of message " + id);
  }

  private static String type(String carrier, String stored) {
    if (carrier != null && !carrier.isBlank()) {
      return carrier;
    }
    return stored != null && !stored.isBlank() ? stored : UNKNOWN_TYPE;
  }

  private static ProblemException problem(UUID id, int n, MediaFetchException f) {
    // The reason names hosts and statuses only, never the URL (a pre-signed URL is a credential).
    LOG.warnf("Media item %d of message %s: %s", n, id, f.getMessage());
    return f.timedOut()
        ? new ProblemException(
            Problem.of(504, "Gateway Timeout", "The carrier was too slow to send the media item"))
        : new ProblemException(
            Problem.of(
                502, "Bad Gateway", "The media item could not be fetched: " + f.getMessage()));
  }
}
