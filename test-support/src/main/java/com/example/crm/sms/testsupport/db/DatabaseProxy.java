package com.example.crm.sms.testsupport.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP forwarder between the service and PostgreSQL that a test can pull the plug on: {@link
 * #down()} closes every connection and refuses new ones, as a database that went away; {@link
 * #up()} listens again on the same port.
 */
public final class DatabaseProxy {

  private static DatabaseProxy shared;

  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "db-proxy");
            t.setDaemon(true);
            return t;
          });
  private int port;
  private ServerSocket server;

  private DatabaseProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** The proxy of this JVM, to SMS_DB_HOST:SMS_DB_PORT (default 127.0.0.1:5432), listening. */
  public static synchronized DatabaseProxy shared() {
    if (shared == null) {
      String host = System.getenv().getOrDefault("SMS_DB_HOST", "127.0.0.1");
      int port = Integer.parseInt(System.getenv().getOrDefault("SMS_DB_PORT", "5432"));
      shared = new DatabaseProxy(host, port);
      shared.up();
    }
    return shared;
  }

  public synchronized int port() {
    return port;
  }

  public synchronized void up() {
    if (server != null) {
      return;
    }
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
      port = s.getLocalPort();
      server = s;
      threads.execute(() -> accept(s));
    } catch (IOException e) {
      throw new IllegalStateException("could not listen on port " + port, e);
    }
  }

  public synchronized void down() {
    if (server == null) {
      return;
    }
    closeQuietly(server);
    server = null;
    sockets.forEach(DatabaseProxy::closeQuietly);
    sockets.clear();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(upstream);
        threads.execute(() -> pump(client, upstream));
        threads.execute(() -> pump(upstream, client));
      } catch (IOException e) {
        // Closed by down(), or the database refused: the client sees its connection fail.
      }
    }
  }

  private void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // One side closed.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Already closed.
    }
  }
}
