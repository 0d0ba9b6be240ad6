package com.example.crm.sms.deploy;

import com.example.crm.sms.events.Topics;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The three services and the settings each needs to run (the list deploy/README.md documents). */
enum PlatformService {
  CONTACTS(
      "contacts-service",
      8081,
      true,
      List.of(
          "SMS_OIDC_ISSUER",
          "SMS_OIDC_CLIENT_ID",
          "SMS_OIDC_AUDIENCE",
          "SMS_OIDC_ROLES_CLAIM",
          "SMS_CONSOLE_OIDC_CLIENT_ID",
          "SMS_CONSOLE_OIDC_ISSUER"),
      List.of("/api/contacts", "/console"),
      List.of(Topics.INBOUND, Topics.OUTBOUND, Topics.OPT_OUT),
      List.of(),
      List.of("contacts-service")),
  GATEWAY(
      "sms-gateway-service",
      8082,
      true,
      List.of(
          "SMS_TWILIO_ACCOUNT_SID",
          "SMS_TWILIO_AUTH_TOKEN",
          "SMS_TWILIO_FROM_NUMBER",
          "SMS_TWILIO_MESSAGING_SERVICE_SID",
          "SMS_INGEST_PUBLIC_URL",
          "SMS_OIDC_ISSUER",
          "SMS_OIDC_CLIENT_ID",
          "SMS_OIDC_AUDIENCE",
          "SMS_OIDC_ROLES_CLAIM"),
      List.of("/api/messages", "/api/conversations", "/api/opt-outs", "/api/campaigns"),
      List.of(Topics.STATUS, Topics.INBOUND),
      List.of(Topics.OUTBOUND, Topics.OPT_OUT),
      List.of("sms-gateway-service.status", "sms-gateway-service.inbound")),
  INGEST(
      "webhook-ingest-service",
      8083,
      false,
      List.of(
          "SMS_TWILIO_AUTH_TOKEN",
          "SMS_TWILIO_AUTH_TOKEN_SECONDARY",
          "SMS_INGEST_PUBLIC_URL",
          "SMS_TWILIO_SIGNATURE_VALIDATION"),
      List.of("/twilio/messages", "/twilio/status"),
      List.of(),
      List.of(Topics.INBOUND, Topics.STATUS),
      List.of());

  /**
   * The Quarkus management interface of every service: health, metrics, OpenAPI and Swagger UI.
   * Probes and Prometheus use it; no Ingress, Service or edge publishes it.
   */
  static final int MANAGEMENT_PORT = 9000;

  /** The settings of the signed-in APIs (contacts and gateway): rule 11 (docs/architecture.md). */
  static final List<String> OIDC_SETTINGS =
      List.of("SMS_OIDC_ISSUER", "SMS_OIDC_CLIENT_ID", "SMS_OIDC_AUDIENCE", "SMS_OIDC_ROLES_CLAIM");

  /** Names whose values are secrets: never a literal in a manifest or in docker-compose.yml. */
  static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|TOKEN|SID|SECRET|JAAS).*");

  private static final List<String> COMMON =
      List.of("KAFKA_BOOTSTRAP_SERVERS", "SMS_PHONE_DEFAULT_REGION", "SMS_CONSOLE_ORIGIN");
  private static final List<String> DATABASE =
      List.of(
          "SMS_DB_HOST",
          "SMS_DB_PORT",
          "SMS_DB_NAME",
          "SMS_DB_USER",
          "SMS_DB_PASSWORD",
          "SMS_DB_SCHEMA");

  final String id;
  final int port;
  final boolean usesDatabase;
  private final List<String> own;

  /** The public API paths the Ingress routes to this service (the console's are added by files). */
  final List<String> publicPaths;

  /** The topics this service consumes: its replicas beyond their partition count would idle. */
  final List<String> consumedTopics;

  /** The topics this service produces (its own events; dead-letter topics aside). */
  final List<String> producedTopics;

  /**
   * The Kafka consumer groups the service reads in (docs/architecture.md: each service its own).
   */
  final List<String> consumerGroups;

  PlatformService(
      String id,
      int port,
      boolean usesDatabase,
      List<String> own,
      List<String> publicPaths,
      List<String> consumedTopics,
      List<String> producedTopics,
      List<String> consumerGroups) {
    this.id = id;
    this.port = port;
    this.usesDatabase = usesDatabase;
    this.own = own;
    this.publicPaths = publicPaths;
    this.consumedTopics = consumedTopics;
    this.producedTopics = producedTopics;
    this.consumerGroups = consumerGroups;
  }

  /** True for the REST APIs that take bearer tokens (everything but Twilio's signed webhooks). */
  boolean signsIn() {
    return own.containsAll(OIDC_SETTINGS);
  }

  /** Every topic the service writes: its own events, and the dead-letter topic of each it reads. */
  Set<String> writtenTopics() {
    Set<String> written = new TreeSet<>(producedTopics);
    consumedTopics.forEach(t -> written.add(Topics.dlq(t)));
    return written;
  }

  /**
   * The ACLs of the service's KafkaUser, as "type:name:Operation": Write on what it writes, Read on
   * what it consumes (Describe with both, for metadata), Read on its consumer groups. Nothing else.
   */
  Set<String> kafkaAcls() {
    Set<String> acls = new TreeSet<>();
    for (String topic : writtenTopics()) {
      acls.add("topic:" + topic + ":Write");
      acls.add("topic:" + topic + ":Describe");
    }
    for (String topic : consumedTopics) {
      acls.add("topic:" + topic + ":Read");
      acls.add("topic:" + topic + ":Describe");
    }
    consumerGroups.forEach(g -> acls.add("group:" + g + ":Read"));
    return acls;
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
      String value =
          m.group(3) != null
              ? m.group(3)
              : m.group(1) != null
                  ? env.getOrDefault(m.group(1), m.group(2))
                  : referenced(properties, m.group(4), env);
      most = Math.max(most, Integer.parseInt(value.strip()));
    }
    return most;
  }

  /**
   * The value of a property another one refers to as {@code ${name}}: the env var SmallRye reads it
   * from ({@code sms.contacts.consumer.group} from {@code SMS_CONTACTS_CONSUMER_GROUP}) when {@code
   * env} sets it, else its line in the same file; null when neither has it.
   */
  static String referenced(String properties, String name, java.util.Map<String, String> env) {
    String var = name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    if (env.containsKey(var)) {
      return env.get(var);
    }
    java.util.regex.Matcher line =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s*=(.*)$").matcher(properties);
    return line.find() ? line.group(1).strip() : null;
  }

  /**
   * The Kafka names the service's application.properties uses, as "group:id", "read:topic" (an
   * incoming channel's topic) and "write:topic" (an outgoing channel's topic, or a dead-letter
   * topic), with {@code ${VAR:default}} read as its default and {@code ${property}} as that
   * property's line. The ingest service's own producer names its topics in code: none here.
   */
  Set<String> kafkaNamesInCode() {
    Set<String> names = new TreeSet<>();
    String properties = Repo.read(id + "/src/main/resources/application.properties");
    java.util.regex.Matcher m = MESSAGING.matcher(properties);
    while (m.find()) {
      String value = m.group(4).strip();
      java.util.regex.Matcher placeholder = PLACEHOLDER.matcher(value);
      java.util.regex.Matcher reference = REFERENCE.matcher(value);
      if (placeholder.matches()) {
        value = placeholder.group(1);
      } else if (reference.matches()) {
        String referenced = referenced(properties, reference.group(1), java.util.Map.of());
        value = referenced == null ? "" : referenced;
      }
      if (value.isEmpty() || value.contains("${")) {
        continue;
      }
      String direction = m.group(1);
      String key = m.group(3);
      if (key.equals("group.id")) {
        names.add("group:" + value);
      } else if (key.equals("dead-letter-queue.topic") || direction.equals("outgoing")) {
        names.add("write:" + value);
      } else {
        names.add("read:" + value);
      }
    }
    return names;
  }

  private static final Pattern MESSAGING =
      Pattern.compile(
          "(?m)^mp\\.messaging\\.(incoming|outgoing)\\.([^.=\\s]+)\\."
              + "(group\\.id|topic|dead-letter-queue\\.topic)\\s*=(.*)$");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[A-Za-z0-9_.-]+:([^}]*)}");

  /** A reference to another property, {@code ${sms.contacts.consumer.group}}. */
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([a-z0-9.-]+)}");

  private static final Pattern CONCURRENCY =
      Pattern.compile(
          "(?m)^mp\\.messaging\\.incoming\\.[^.=]+\\.concurrency\\s*=\\s*"
              + "(?:\\$\\{([A-Za-z0-9_]+):(\\d+)}|(\\d+)|\\$\\{([a-z0-9.-]+)})\\s*$");

  static boolean isSecretName(String name) {
    return SECRET_NAME.matcher(name).matches();
  }
}
