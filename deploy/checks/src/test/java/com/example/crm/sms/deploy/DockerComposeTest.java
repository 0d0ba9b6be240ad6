package com.example.crm.sms.deploy;

import static com.example.crm.sms.deploy.Objects.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, checked statically (no Docker engine here): what {@code docker compose up}
 * would start, with which settings, in which order.
 */
class DockerComposeTest {

  /** A whole value that is one ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message}. */
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*)|(:?\\?)([^}]*))?}");

  private static final Pattern CADDY_MATCHER = Pattern.compile("^@(\\S+)\\s+path\\s+(.+)$");

  private static final Pattern ENV_LINE = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=(.*)$");

  private static JsonNode compose;
  private static Map<String, JsonNode> services;

  @BeforeAll
  static void parse() {
    compose = Repo.parseOne("docker-compose.yml");
    services = new LinkedHashMap<>();
    compose.path("services").fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
  }

  @Test
  void runsDatabaseBrokerTopicsAndTheThreeServices() {
    Set<String> expected = new LinkedHashSet<>(List.of("postgres", "kafka"));
    for (PlatformService service : PlatformService.values()) {
      expected.add(service.id);
    }
    assertTrue(services.keySet().containsAll(expected), "services: " + services.keySet());
    assertTrue(
        services.get("kafka").path("image").asText().startsWith("apache/kafka:"),
        "Kafka is the apache/kafka image");
    assertEquals(
        "broker,controller",
        environment(services.get("kafka")).get("KAFKA_PROCESS_ROLES"),
        "Kafka runs as one KRaft node");
  }

  @Test
  void everyLongRunningServiceHasAHealthCheck() {
    List<String> problems = new ArrayList<>();
    Set<String> oneShots = oneShots();
    services.forEach(
        (name, service) -> {
          if (oneShots.contains(name)) {
            if (!"no".equals(service.path("restart").asText("no"))) {
              problems.add(name + " runs once: it must not be restarted");
            }
            return;
          }
          JsonNode check = service.path("healthcheck");
          JsonNode test = check.path("test");
          boolean disabled =
              check.path("disable").asBoolean(false)
                  || (test.isArray() && "NONE".equals(test.path(0).asText()));
          boolean hasTest = test.isArray() ? test.size() > 0 : !test.asText().isBlank();
          if (!hasTest || disabled) {
            problems.add(name + " has no healthcheck");
          }
        });
    assertNoProblems(problems);
  }

  @Test
  void startOrderWaitsForHealthAndForTheTopics() {
    List<String> problems = new ArrayList<>();
    Set<String> oneShots = oneShots();
    services.forEach(
        (name, service) ->
            service
                .path("depends_on")
                .fields()
                .forEachRemaining(
                    dependency -> {
                      String wanted =
                          oneShots.contains(dependency.getKey())
                              ? "service_completed_successfully"
                              : "service_healthy";
                      String condition = dependency.getValue().path("condition").asText();
                      if (!wanted.equals(condition)) {
                        problems.add(
                            name + " depends on " + dependency.getKey() + " without " + wanted);
                      }
                    }));
    for (PlatformService service : PlatformService.values()) {
      JsonNode dependsOn = services.get(service.id).path("depends_on");
      List<String> needs = new ArrayList<>(List.of("kafka", topicInit()));
      if (service.usesDatabase) {
        needs.add("postgres");
      }
      for (String need : needs) {
        if (!dependsOn.has(need)) {
          problems.add(service.id + " does not wait for " + need);
        }
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void topicInitCreatesEveryTopicTheCodeNames() {
    JsonNode init = services.get(topicInit());
    String script = init.path("command").toString() + init.path("entrypoint").toString();
    List<String> missing = Topics.ALL.stream().filter(t -> !script.contains(t)).toList();
    assertTrue(missing.isEmpty(), topicInit() + " does not create " + missing);
    assertTrue(script.contains("--partitions"), "topics are created with a partition count");
  }

  @Test
  void noSecretIsWrittenIntoTheFile() {
    List<String> problems = new ArrayList<>();
    services.forEach(
        (name, service) ->
            environment(service)
                .forEach(
                    (key, value) -> {
                      if (!PlatformService.isSecretName(key)) {
                        return;
                      }
                      Matcher reference = REFERENCE.matcher(value);
                      if (!reference.matches()) {
                        problems.add(name + " " + key + " is a literal, not a ${VAR} reference");
                      } else if (reference.group(3) != null && !reference.group(3).isEmpty()) {
                        problems.add(name + " " + key + " falls back to a literal default");
                      }
                    }));
    assertNoProblems(problems);
  }

  @Test
  void everyServiceGetsItsRequiredSettings() {
    List<String> problems = new ArrayList<>();
    for (PlatformService service : PlatformService.values()) {
      JsonNode definition = services.get(service.id);
      Map<String, String> environment = environment(definition);
      for (String setting : service.requiredSettings()) {
        if (!environment.containsKey(setting)) {
          problems.add(service.id + " is not given " + setting);
        }
      }
      if (service.usesDatabase && !"postgres".equals(environment.get("SMS_DB_HOST"))) {
        problems.add(service.id + " SMS_DB_HOST should be the compose service postgres");
      }
      if (!"kafka:9092".equals(environment.get("KAFKA_BOOTSTRAP_SERVERS"))) {
        problems.add(service.id + " KAFKA_BOOTSTRAP_SERVERS should be kafka:9092");
      }
      boolean published =
          list(definition.path("ports")).stream()
              .anyMatch(p -> p.asText().endsWith(":" + service.port));
      if (!published) {
        problems.add(service.id + " does not publish port " + service.port);
      }
      JsonNode build = definition.path("build");
      String dockerfile = build.path("context").asText() + "/" + build.path("dockerfile").asText();
      if (!Files.isRegularFile(Repo.path(dockerfile))) {
        problems.add(service.id + " builds from " + dockerfile + ", which does not exist");
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void tlsEdgePublishesWhatTheIngressPublishes() {
    JsonNode edge = services.get("edge");
    assertTrue(edge != null, "no edge service (the optional TLS proxy)");
    assertTrue(
        list(edge.path("volumes")).stream()
            .anyMatch(v -> v.asText().startsWith("./deploy/compose/caddy/Caddyfile:")),
        "the edge mounts deploy/compose/caddy/Caddyfile");
    Map<String, String> expected = new TreeMap<>();
    PublicPaths.expected()
        .forEach(
            (path, service) -> {
              String p = path.substring(0, path.indexOf(' '));
              String upstream = service + ":" + PlatformService.valueOf(serviceKey(service)).port;
              expected.put(p, upstream);
              if (path.endsWith(" Prefix")) {
                expected.put(p + "/*", upstream);
              }
            });
    assertEquals(
        expected,
        caddySites().get("{$SMS_HOST:localhost}"),
        "the Caddyfile's SMS_HOST site routes exactly the Ingress' public paths, each to its"
            + " service's own port");
  }

  @Test
  void edgePublishesOnlyKeycloaksRealmPagesOnTheLoginHost() {
    String realm = realm().path("realm").asText();
    String upstream = "keycloak:" + keycloakHttpPort();
    Map<String, String> expected = new TreeMap<>();
    for (String path : List.of("/realms/" + realm, "/realms/" + realm + "/*", "/resources/*")) {
      expected.put(path, upstream);
    }
    Map<String, Map<String, String>> sites = caddySites();
    assertEquals(
        Set.of("{$SMS_HOST:localhost}", "{$SMS_LOGIN_HOST:login.localhost}"),
        sites.keySet(),
        "the edge serves the platform's host and the login host, nothing else");
    assertEquals(
        expected,
        sites.get("{$SMS_LOGIN_HOST:login.localhost}"),
        "the login host routes only the sms realm and the theme resources (not the admin console,"
            + " the master realm or the management port)");
    assertTrue(
        environment(services.get("edge")).containsKey("SMS_LOGIN_HOST"),
        "the edge is given SMS_LOGIN_HOST");
  }

  @Test
  void edgeNeverRoutesAManagementPortOrQ() {
    List<String> problems = new ArrayList<>();
    caddySites()
        .forEach(
            (site, routes) ->
                routes.forEach(
                    (path, upstream) -> {
                      if (upstream.endsWith(":" + PlatformService.MANAGEMENT_PORT)) {
                        problems.add(site + " " + path + " goes to a management port: " + upstream);
                      }
                      if (path.equals("/q") || path.startsWith("/q/") || path.equals("/*")) {
                        problems.add(site + " routes " + path);
                      }
                      if (path.startsWith("/admin") || path.startsWith("/health")) {
                        problems.add(site + " routes " + path + " (operations, not the public)");
                      }
                    }));
    String caddyfile = Repo.read("deploy/compose/caddy/Caddyfile");
    if (caddyfile.contains(":" + PlatformService.MANAGEMENT_PORT)) {
      problems.add("the Caddyfile names port " + PlatformService.MANAGEMENT_PORT);
    }
    assertNoProblems(problems);
  }

  /**
   * The Caddyfile's sites (their address line) to the paths they route ("path" to "host:port").
   * Named matchers ({@code @name path ...}) and the {@code handle @name} that proxies them.
   */
  private static Map<String, Map<String, String>> caddySites() {
    Map<String, Map<String, String>> sites = new LinkedHashMap<>();
    String site = null;
    int depth = 0;
    Map<String, List<String>> pathsOfMatcher = new LinkedHashMap<>();
    Map<String, String> upstreamOfMatcher = new LinkedHashMap<>();
    String matcher = null;
    for (String line : Repo.read("deploy/compose/caddy/Caddyfile").lines().toList()) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (depth == 0 && trimmed.endsWith("{")) {
        site = trimmed.substring(0, trimmed.length() - 1).strip();
        pathsOfMatcher = new LinkedHashMap<>();
        upstreamOfMatcher = new LinkedHashMap<>();
        matcher = null;
      }
      Matcher named = CADDY_MATCHER.matcher(trimmed);
      if (named.matches()) {
        pathsOfMatcher.put(named.group(1), List.of(named.group(2).split("\\s+")));
      } else if (trimmed.startsWith("handle @")) {
        matcher = trimmed.substring("handle @".length()).replace("{", "").strip();
      } else if (trimmed.startsWith("handle")) {
        matcher = null;
      } else if (trimmed.startsWith("reverse_proxy ")) {
        upstreamOfMatcher.put(matcher == null ? "*" : matcher, trimmed.split("\\s+")[1]);
      }
      depth += count(trimmed, '{') - count(trimmed, '}');
      if (depth == 0 && site != null && trimmed.equals("}")) {
        Map<String, String> routes = new TreeMap<>();
        Map<String, String> upstreams = upstreamOfMatcher;
        pathsOfMatcher.forEach(
            (name, paths) -> paths.forEach(p -> routes.put(p, upstreams.get(name))));
        if (upstreams.containsKey("*")) {
          routes.put("/*", upstreams.get("*"));
        }
        sites.put(site, routes);
        site = null;
      }
    }
    return sites;
  }

  private static int count(String text, char c) {
    return (int) text.chars().filter(ch -> ch == c).count();
  }

  private static String serviceKey(String id) {
    for (PlatformService service : PlatformService.values()) {
      if (service.id.equals(id)) {
        return service.name();
      }
    }
    throw new AssertionError("no platform service " + id);
  }

  @Test
  void keycloakIsPinnedAndImportsTheRealm() {
    JsonNode keycloak = services.get("keycloak");
    assertTrue(keycloak != null, "no keycloak service (sign-in)");
    List<String> problems = new ArrayList<>();
    String image = keycloak.path("image").asText();
    if (!image.startsWith("quay.io/keycloak/keycloak:")) {
      problems.add("keycloak is not the quay.io/keycloak/keycloak image: " + image);
    }
    Objects.imageProblem(image).ifPresent(p -> problems.add("keycloak: " + p));
    boolean mounted =
        list(keycloak.path("volumes")).stream()
            .map(JsonNode::asText)
            .anyMatch(
                v ->
                    v.startsWith("./deploy/keycloak/sms-realm.json:/opt/keycloak/data/import/")
                        && v.endsWith(":ro"));
    if (!mounted) {
      problems.add(
          "keycloak does not mount deploy/keycloak/sms-realm.json read-only into"
              + " /opt/keycloak/data/import/");
    }
    String start = keycloak.path("entrypoint").toString() + keycloak.path("command").toString();
    if (!start.contains("kc.sh start") || !start.contains("--import-realm")) {
      problems.add("keycloak does not run `kc.sh start --import-realm`");
    }
    if (start.contains("start-dev")) {
      problems.add("keycloak runs in development mode (start-dev)");
    }
    Map<String, String> environment = environment(keycloak);
    if (!"true".equals(environment.get("KC_HEALTH_ENABLED"))) {
      problems.add("keycloak has no health endpoints (KC_HEALTH_ENABLED)");
    }
    String check = keycloak.path("healthcheck").path("test").toString();
    if (!check.contains("/" + PlatformService.MANAGEMENT_PORT)
        || !check.contains("/health/ready")) {
      problems.add("keycloak's healthcheck does not ask /health/ready on its management port");
    }
    // Every placeholder of the realm is given; a secret one is required from .env, never
    // defaulted: an unset placeholder would be imported as its own literal text.
    Matcher placeholders = REALM_PLACEHOLDER.matcher(Repo.read("deploy/keycloak/sms-realm.json"));
    while (placeholders.find()) {
      String name = placeholders.group(1);
      String value = environment.get(name);
      if (value == null) {
        problems.add("keycloak is not given " + name + ", a placeholder of the realm");
      } else if (PlatformService.isSecretName(name)) {
        Matcher reference = REFERENCE.matcher(value);
        if (!reference.matches()
            || reference.group(4) == null
            || !reference.group(4).equals(":?")) {
          problems.add("keycloak " + name + " is not a required ${VAR:?...} reference: " + value);
        }
      }
    }
    if (!REFERENCE.matcher(environment.getOrDefault("KC_BOOTSTRAP_ADMIN_PASSWORD", "")).matches()) {
      problems.add("keycloak's first administrator password is not a ${VAR} reference");
    }
    assertNoProblems(problems);
  }

  @Test
  void keycloakStoresItsDataInItsOwnDatabaseMadeByThePostgresInit() {
    Map<String, String> kc = environment(services.get("keycloak"));
    List<String> problems = new ArrayList<>();
    if (!"postgres".equals(kc.get("KC_DB")) || !"postgres".equals(kc.get("KC_DB_URL_HOST"))) {
      problems.add("keycloak does not use the compose postgres (KC_DB, KC_DB_URL_HOST)");
    }
    String database = kc.getOrDefault("KC_DB_URL_DATABASE", "");
    String user = kc.getOrDefault("KC_DB_USERNAME", "");
    Map<String, String> contacts = environment(services.get(PlatformService.CONTACTS.id));
    if (database.isEmpty() || database.equals(contacts.get("SMS_DB_NAME"))) {
      problems.add("keycloak shares the services' database instead of its own: " + database);
    }
    if (user.isEmpty() || user.equals(contacts.get("SMS_DB_USER"))) {
      problems.add("keycloak logs in as the services' role instead of its own: " + user);
    }
    String init = Repo.read("deploy/compose/postgres/init/02-keycloak.sh");
    if (!init.contains("CREATE DATABASE " + database + " OWNER " + user)
        || !init.contains("CREATE ROLE " + user)) {
      problems.add("deploy/compose/postgres/init does not create database " + database);
    }
    if (!Files.isExecutable(Repo.path("deploy/compose/postgres/init/02-keycloak.sh"))) {
      problems.add("02-keycloak.sh is not executable (PostgreSQL would source it)");
    }
    JsonNode dependsOn = services.get("keycloak").path("depends_on");
    String oneShot =
        oneShots().stream()
            .filter(s -> services.get(s).toString().contains("02-keycloak.sh"))
            .findFirst()
            .orElse("");
    if (oneShot.isEmpty() || !dependsOn.has(oneShot)) {
      problems.add("keycloak does not wait for a one-shot running 02-keycloak.sh (older volumes)");
    }
    assertNoProblems(problems);
  }

  @Test
  void signedInApisGetTheComposeKeycloaksSettings() {
    String realm = realm().path("realm").asText();
    Map<String, String> kc = environment(services.get("keycloak"));
    String publicUrl = defaultOf(kc.get("KC_HOSTNAME"));
    List<String> problems = new ArrayList<>();
    if (!"true".equals(kc.get("KC_HOSTNAME_BACKCHANNEL_DYNAMIC"))) {
      problems.add(
          "keycloak does not answer the services' back-channel calls at its internal address"
              + " (KC_HOSTNAME_BACKCHANNEL_DYNAMIC)");
    }
    String internalIssuer = "http://keycloak:" + keycloakHttpPort() + "/realms/" + realm;
    for (PlatformService service : PlatformService.values()) {
      if (!service.signsIn()) {
        continue;
      }
      Map<String, String> environment = environment(services.get(service.id));
      String issuer = defaultOf(environment.get("SMS_OIDC_ISSUER"));
      if (!internalIssuer.equals(issuer)) {
        problems.add(
            service.id + " SMS_OIDC_ISSUER defaults to " + issuer + ", not " + internalIssuer);
      }
      if (!"service_healthy"
          .equals(
              services
                  .get(service.id)
                  .path("depends_on")
                  .path("keycloak")
                  .path("condition")
                  .asText())) {
        problems.add(service.id + " does not wait for Keycloak to be healthy");
      }
      if (environment.containsKey("SMS_CONSOLE_OIDC_ISSUER")) {
        String browser = defaultOf(environment.get("SMS_CONSOLE_OIDC_ISSUER"));
        if (!browser.equals(publicUrl + "/realms/" + realm)) {
          problems.add(
              service.id
                  + " SMS_CONSOLE_OIDC_ISSUER defaults to "
                  + browser
                  + ", not Keycloak's public "
                  + publicUrl
                  + "/realms/"
                  + realm);
        }
      }
    }
    Map<String, String> example = envExample();
    if (!(example.get("KEYCLOAK_PUBLIC_URL") + "/realms/" + realm)
        .equals(example.get("SMS_CONSOLE_OIDC_ISSUER"))) {
      problems.add(
          ".env.example SMS_CONSOLE_OIDC_ISSUER is not KEYCLOAK_PUBLIC_URL/realms/" + realm);
    }
    if (!internalIssuer.equals(example.get("SMS_OIDC_ISSUER"))) {
      problems.add(".env.example SMS_OIDC_ISSUER is not " + internalIssuer);
    }
    assertNoProblems(problems);
  }

  @Test
  void healthChecksAskTheManagementPortWhichNothingPublishes() {
    List<String> problems = new ArrayList<>();
    for (PlatformService service : PlatformService.values()) {
      String check = services.get(service.id).path("healthcheck").path("test").toString();
      if (!check.contains("/dev/tcp/127.0.0.1/" + PlatformService.MANAGEMENT_PORT)
          || !check.contains("/q/health/ready")) {
        problems.add(
            service.id
                + "'s healthcheck does not ask /q/health/ready on the management port "
                + PlatformService.MANAGEMENT_PORT);
      }
    }
    services.forEach(
        (name, service) -> {
          for (JsonNode port : list(service.path("ports"))) {
            String mapping = port.isObject() ? port.path("target").asText() : port.asText();
            String container = mapping.substring(mapping.lastIndexOf(':') + 1).split("/")[0];
            if (container.equals(String.valueOf(PlatformService.MANAGEMENT_PORT))) {
              problems.add(name + " publishes its management port: " + mapping);
            }
          }
        });
    assertNoProblems(problems);
  }

  @Test
  void servicesRunRestricted() {
    List<String> problems = new ArrayList<>();
    for (PlatformService service : PlatformService.values()) {
      JsonNode definition = services.get(service.id);
      if (!definition.path("read_only").asBoolean(false)) {
        problems.add(service.id + " has a writable root filesystem (read_only: true)");
      }
      if (list(definition.path("tmpfs")).stream().noneMatch(t -> t.asText().startsWith("/tmp"))) {
        problems.add(service.id + " has no tmpfs /tmp under its read-only root");
      }
      if (list(definition.path("cap_drop")).stream().noneMatch(c -> "ALL".equals(c.asText()))) {
        problems.add(service.id + " keeps Linux capabilities (cap_drop: [ALL])");
      }
      if (list(definition.path("security_opt")).stream()
          .noneMatch(o -> o.asText().startsWith("no-new-privileges"))) {
        problems.add(service.id + " may gain privileges (security_opt: no-new-privileges)");
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void noImageUsesLatestOrLacksATag() {
    List<String> problems = new ArrayList<>();
    services.forEach(
        (name, service) -> {
          if (!service.has("image")) {
            problems.add(name + " has no image name with a tag");
          } else {
            Objects.imageProblem(service.path("image").asText())
                .ifPresent(p -> problems.add(name + ": " + p));
          }
        });
    assertNoProblems(problems);
  }

  @Test
  void dataLivesInNamedVolumes() {
    List<String> problems = new ArrayList<>();
    Map<String, String> dataDirs =
        Map.of("postgres", "/var/lib/postgresql/data", "kafka", "/var/lib/kafka/data");
    dataDirs.forEach(
        (service, dir) -> {
          String volume =
              list(services.get(service).path("volumes")).stream()
                  .map(JsonNode::asText)
                  .filter(v -> v.endsWith(":" + dir))
                  .map(v -> v.substring(0, v.indexOf(':')))
                  .findFirst()
                  .orElse("");
          if (volume.isEmpty() || !compose.path("volumes").has(volume)) {
            problems.add(service + " keeps " + dir + " outside a named volume");
          }
        });
    if (!"/var/lib/kafka/data".equals(environment(services.get("kafka")).get("KAFKA_LOG_DIRS"))) {
      problems.add("Kafka does not write its log to the volume (KAFKA_LOG_DIRS)");
    }
    assertNoProblems(problems);
  }

  @Test
  void envExampleDefinesEveryRequiredVariableWithPlaceholdersOnly() {
    Map<String, String> example = new LinkedHashMap<>();
    Repo.read(".env.example")
        .lines()
        .map(ENV_LINE::matcher)
        .filter(Matcher::matches)
        .forEach(m -> example.put(m.group(1), m.group(2)));
    List<String> problems = new ArrayList<>();
    String withoutComments =
        Repo.read("docker-compose.yml")
            .lines()
            .filter(line -> !line.strip().startsWith("#"))
            .reduce("", (all, line) -> all + line + "\n");
    Matcher references = REFERENCE.matcher(withoutComments);
    while (references.find()) {
      String variable = references.group(1);
      boolean required = references.group(4) != null;
      if (!example.containsKey(variable) && (required || PlatformService.isSecretName(variable))) {
        problems.add(".env.example lacks " + variable);
      }
    }
    example.forEach(
        (key, value) -> {
          if (PlatformService.isSecretName(key)
              && !value.isEmpty()
              && !value.contains("change-me")) {
            problems.add(
                ".env.example " + key + " looks like a real value: use a change-me placeholder");
          }
        });
    boolean ignored = Repo.read(".gitignore").lines().anyMatch(l -> l.strip().equals(".env"));
    if (!ignored) {
      problems.add(".env is not in .gitignore");
    }
    assertNoProblems(problems);
  }

  private static final Pattern REALM_PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

  private static JsonNode realm() {
    return Repo.parseJson("deploy/keycloak/sms-realm.json");
  }

  /** Keycloak's HTTP port inside the compose network: the container side of its published port. */
  private static int keycloakHttpPort() {
    String mapping = list(services.get("keycloak").path("ports")).get(0).asText();
    return Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1));
  }

  /**
   * The value compose uses when .env says nothing: a literal, or the default of ${VAR:-default}.
   */
  private static String defaultOf(String value) {
    if (value == null) {
      return "";
    }
    Matcher reference = REFERENCE.matcher(value);
    if (!reference.find()) {
      return value;
    }
    String fallback = reference.group(3) != null ? reference.group(3) : "";
    return value.substring(0, reference.start()) + fallback + value.substring(reference.end());
  }

  private static Map<String, String> envExample() {
    Map<String, String> example = new LinkedHashMap<>();
    Repo.read(".env.example")
        .lines()
        .map(ENV_LINE::matcher)
        .filter(Matcher::matches)
        .forEach(m -> example.put(m.group(1), m.group(2)));
    return example;
  }

  /** Services that others wait for to exit successfully: they run once. */
  private static Set<String> oneShots() {
    Set<String> oneShots = new LinkedHashSet<>();
    services
        .values()
        .forEach(
            s ->
                s.path("depends_on")
                    .fields()
                    .forEachRemaining(
                        d -> {
                          if ("service_completed_successfully"
                              .equals(d.getValue().path("condition").asText())) {
                            oneShots.add(d.getKey());
                          }
                        }));
    return oneShots;
  }

  private static String topicInit() {
    return oneShots().stream()
        .filter(s -> services.get(s).toString().contains("kafka-topics.sh"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no one-shot service creates the topics"));
  }

  /** A service's environment, in either of compose's forms (map, or list of KEY=value). */
  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> environment = new LinkedHashMap<>();
    JsonNode node = service.path("environment");
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
    } else {
      for (JsonNode entry : list(node)) {
        String text = entry.asText();
        int equals = text.indexOf('=');
        environment.put(
            equals < 0 ? text : text.substring(0, equals),
            equals < 0 ? "" : text.substring(equals + 1));
      }
    }
    return environment;
  }

  private static void assertNoProblems(List<String> problems) {
    assertTrue(problems.isEmpty(), "docker-compose.yml:\n  " + String.join("\n  ", problems));
  }
}
