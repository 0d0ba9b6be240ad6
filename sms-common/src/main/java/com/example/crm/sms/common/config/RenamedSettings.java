package com.example.crm.sms.common.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Every setting of ours is named {@code SMS_…} since 2026-12-01 (the services' READMEs list the
 * renames). A variable still set under its old name would be ignored without a word, so each
 * service says so at start.
 */
@ApplicationScoped
public class RenamedSettings {

  private static final Logger LOG = Logger.getLogger(RenamedSettings.class);

  /** Old name to what replaced it, for every service: META-INF/sms/renamed-settings.properties. */
  static final Map<String, String> RENAMED = load("/META-INF/sms/renamed-settings.properties");

  void warnOnStart(@Observes StartupEvent start) {
    warnings(System::getenv).forEach(LOG::warn);
  }

  static List<String> warnings(UnaryOperator<String> environment) {
    return RENAMED.entrySet().stream()
        .filter(e -> environment.apply(e.getKey()) != null)
        .map(e -> e.getKey() + " is set but no longer read: " + replacement(e.getValue()))
        .toList();
  }

  private static String replacement(String now) {
    return now.startsWith("removed") ? now : "set " + now + " instead";
  }

  private static Map<String, String> load(String resource) {
    Properties table = new Properties();
    try (InputStream in = RenamedSettings.class.getResourceAsStream(resource)) {
      table.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> renamed = new TreeMap<>();
    table.stringPropertyNames().forEach(name -> renamed.put(name, table.getProperty(name)));
    return Collections.unmodifiableMap(renamed);
  }
}
