package com.example.crm.sms.gateway.client;

/**
 * Why a media item could not be fetched: the carrier refused or failed, or the fetch broke the
 * proxy's rules ({@link MediaFetchGuard}); or it took longer than the proxy waits. The message
 * names hosts and statuses, never a URL's path or query (a pre-signed CDN URL is a credential).
 */
public class MediaFetchException extends RuntimeException {

  private final boolean timedOut;

  private MediaFetchException(String message, boolean timedOut) {
    super(message, null, false, false);
    this.timedOut = timedOut;
  }

  public static MediaFetchException refused(String why) {
    return new MediaFetchException(why, false);
  }

  public static MediaFetchException timedOut(String why) {
    return new MediaFetchException(why, true);
  }

  /** True when the carrier was too slow (504), false when it refused or failed (502). */
  public boolean timedOut() {
    return timedOut;
  }
}
