package com.example.crm.sms.gateway.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One live stream over a plain socket, so a test controls exactly when the connection opens and
 * closes (the server must see the close to give the stream's permit back).
 */
public final class SseClient implements AutoCloseable {

  private final Socket socket;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private volatile String statusLine;

  private SseClient(URL base, String path, String authorization) throws IOException {
    socket = new Socket(base.getHost(), base.getPort());
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: "
                + base.getHost()
                + "\r\nAccept: text/event-stream\r\nAuthorization: "
                + authorization
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (statusLine == null) {
                    statusLine = line;
                  }
                  lines.add(line);
                }
              } catch (IOException e) {
                // Closed by the test or the server.
              }
            },
            "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  public static SseClient open(URL base, String path) {
    return open(base, path, Api.authorization());
  }

  /** A stream signed in with this Authorization header value. */
  public static SseClient open(URL base, String path, String authorization) {
    try {
      return new SseClient(base, path, authorization);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The HTTP status line, once it arrived (null before). */
  public String statusLine() {
    return statusLine;
  }

  /** Every line read so far: headers, then the stream's lines. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  public boolean received(String text) {
    return lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains(text));
  }

  /** The data of every event so far that contains {@code text}, in order. */
  public List<String> data(String text) {
    return lines.stream()
        .filter(l -> l.startsWith("data:") && l.contains(text))
        .map(l -> l.substring("data:".length()).strip())
        .toList();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }
}
