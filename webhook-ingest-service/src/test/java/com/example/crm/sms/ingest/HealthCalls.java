package com.example.crm.sms.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Health calls with how long each took, over a plain JDK client so the client adds little. */
public final class HealthCalls {

  /** One answer of a health endpoint. */
  public record Answer(int status, String body, Duration took) {}

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private HealthCalls() {}

  /** GETs {@code path} on the management port; a call still unanswered after 5 s fails. */
  public static Answer get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(Management.url(path)))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
