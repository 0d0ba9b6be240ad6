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
      if (service.usesDatabase && !"postgres".equals(environment.get("DB_HOST"))) {
        problems.add(service.id + " DB_HOST should be the compose service postgres");
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
    Map<String, String> upstreamOfMatcher = new LinkedHashMap<>();
    Map<String, List<String>> pathsOfMatcher = new LinkedHashMap<>();
    String matcher = null;
    for (String line : Repo.read("deploy/compose/caddy/Caddyfile").lines().toList()) {
      String trimmed = line.strip();
      Matcher named = CADDY_MATCHER.matcher(trimmed);
      if (named.matches()) {
        pathsOfMatcher.put(named.group(1), List.of(named.group(2).split("\\s+")));
      } else if (trimmed.startsWith("handle @")) {
        matcher = trimmed.substring("handle @".length()).replace("{", "").strip();
      } else if (trimmed.startsWith("reverse_proxy ") && matcher != null) {
        String upstream = trimmed.split("\\s+")[1];
        upstreamOfMatcher.put(matcher, upstream.substring(0, upstream.indexOf(':')));
      }
    }
    Map<String, String> published = new java.util.TreeMap<>();
    pathsOfMatcher.forEach(
        (name, paths) -> paths.forEach(p -> published.put(p, upstreamOfMatcher.get(name))));
    Map<String, String> expected = new java.util.TreeMap<>();
    PublicPaths.expected()
        .forEach(
            (path, service) -> {
              String p = path.substring(0, path.indexOf(' '));
              expected.put(p, service);
              if (path.endsWith(" Prefix")) {
                expected.put(p + "/*", service);
              }
            });
    assertEquals(expected, published, "the Caddyfile routes exactly the Ingress' public paths");
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
