package com.example.crm.sms.ingest;

import org.eclipse.microprofile.config.ConfigProvider;

/** The management interface of the service under test (health, metrics, OpenAPI). */
public final class Management {

  private Management() {}

  /** The absolute URL of {@code path} on the management port the test run was given. */
  public static String url(String path) {
    int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    return "http://localhost:" + port + path;
  }
}
