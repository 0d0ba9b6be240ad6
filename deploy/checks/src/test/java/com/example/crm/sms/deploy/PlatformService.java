package com.example.crm.sms.deploy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The three services and the settings each needs to run (the list deploy/README.md documents). */
enum PlatformService {
  CONTACTS(
      "contacts-service",
      8081,
      true,
      List.of(),
      List.of("/api/contacts"),
      List.of(
          com.example.crm.sms.events.Topics.INBOUND, com.example.crm.sms.events.Topics.OUTBOUND)),
  GATEWAY(
      "sms-gateway-service",
      8082,
      true,
      List.of(
          "TWILIO_ACCOUNT_SID",
          "TWILIO_AUTH_TOKEN",
          "TWILIO_FROM_NUMBER",
          "TWILIO_MESSAGING_SERVICE_SID",
          "INGEST_PUBLIC_URL"),
      List.of("/api/messages", "/api/conversations", "/api/opt-outs"),
      List.of(com.example.crm.sms.events.Topics.STATUS, com.example.crm.sms.events.Topics.INBOUND)),
  INGEST(
      "webhook-ingest-service",
      8083,
      false,
      List.of(
          "TWILIO_AUTH_TOKEN",
          "TWILIO_AUTH_TOKEN_SECONDARY",
          "INGEST_PUBLIC_URL",
          "TWILIO_SIGNATURE_VALIDATION"),
      List.of("/twilio/messages", "/twilio/status"),
      List.of());

  /** Names whose values are secrets: never a literal in a manifest or in docker-compose.yml. */
  static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|TOKEN|SID|SECRET).*");

  private static final List<String> COMMON =
      List.of("KAFKA_BOOTSTRAP_SERVERS", "PHONE_DEFAULT_REGION", "CONSOLE_ORIGIN");
  private static final List<String> DATABASE =
      List.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD", "DB_SCHEMA");

  final String id;
  final int port;
  final boolean usesDatabase;
  private final List<String> own;

  /** The public API paths the Ingress routes to this service (the console's are added by files). */
  final List<String> publicPaths;

  /** The topics this service consumes: its replicas beyond their partition count would idle. */
  final List<String> consumedTopics;

  PlatformService(
      String id,
      int port,
      boolean usesDatabase,
      List<String> own,
      List<String> publicPaths,
      List<String> consumedTopics) {
    this.id = id;
    this.port = port;
    this.usesDatabase = usesDatabase;
    this.own = own;
    this.publicPaths = publicPaths;
    this.consumedTopics = consumedTopics;
  }

  /** Every environment variable the service must be given. */
  Set<String> requiredSettings() {
    Set<String> settings = new LinkedHashSet<>(COMMON);
    if (usesDatabase) {
      settings.addAll(DATABASE);
    }
    settings.addAll(own);
    return settings;
  }

  /**
   * Consumers one replica runs per topic: the largest {@code mp.messaging.incoming.*.concurrency}
   * of the service's application.properties, with its {@code ${VAR:default}} resolved from {@code
   * env}.
   */
  int consumersPerReplica(java.util.Map<String, String> env) {
    String properties = Repo.read(id + "/src/main/resources/application.properties");
    int most = 1;
    java.util.regex.Matcher m = CONCURRENCY.matcher(properties);
    while (m.find()) {
      String value = m.group(3) != null ? m.group(3) : env.getOrDefault(m.group(1), m.group(2));
      most = Math.max(most, Integer.parseInt(value.strip()));
    }
    return most;
  }

  private static final Pattern CONCURRENCY =
      Pattern.compile(
          "(?m)^mp\\.messaging\\.incoming\\.[^.=]+\\.concurrency\\s*=\\s*"
              + "(?:\\$\\{([A-Za-z0-9_]+):(\\d+)}|(\\d+))\\s*$");

  static boolean isSecretName(String name) {
    return SECRET_NAME.matcher(name).matches();
  }
}
