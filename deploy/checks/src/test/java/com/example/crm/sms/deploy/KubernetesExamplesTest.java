package com.example.crm.sms.deploy;

import static com.example.crm.sms.deploy.Objects.describe;
import static com.example.crm.sms.deploy.Objects.list;
import static com.example.crm.sms.deploy.Objects.name;
import static com.example.crm.sms.deploy.Objects.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The example Kafka and PostgreSQL clusters and the monitoring resources fit the overlays. */
class KubernetesExamplesTest {

  private static final String PROD = "deploy/k8s/overlays/prod";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "deploy/k8s/examples/strimzi",
        "deploy/k8s/examples/cloudnative-pg",
        "deploy/k8s/examples/keycloak",
        "deploy/k8s/monitoring"
      })
  void rendersWithoutSecretsOrUnpinnedImages(String dir) {
    List<JsonNode> objects = Kustomize.render(dir);
    List<String> problems = new ArrayList<>();
    ofKind(objects, "Secret").forEach(s -> problems.add(describe(s) + " is part of the output"));
    for (JsonNode cluster : ofKind(objects, "Cluster")) {
      Objects.imageProblem(cluster.path("spec").path("imageName").asText())
          .ifPresent(p -> problems.add(describe(cluster) + ": " + p));
    }
    for (JsonNode keycloak : ofKind(objects, "Keycloak")) {
      Objects.imageProblem(keycloak.path("spec").path("image").asText())
          .ifPresent(p -> problems.add(describe(keycloak) + ": " + p));
    }
    assertTrue(problems.isEmpty(), dir + ":\n  " + String.join("\n  ", problems));
  }

  @Test
  void strimziClusterIsKraftWithEnoughBrokersForTheTopics() {
    List<JsonNode> objects = Kustomize.render("deploy/k8s/examples/strimzi");
    List<JsonNode> kafkas = ofKind(objects, "Kafka");
    assertEquals(1, kafkas.size(), "one example Kafka cluster");
    JsonNode kafka = kafkas.get(0);
    String cluster = name(kafka);

    int brokers = 0;
    int controllers = 0;
    for (JsonNode pool : ofKind(objects, "KafkaNodePool")) {
      assertEquals(
          cluster,
          pool.path("metadata").path("labels").path("strimzi.io/cluster").asText(),
          describe(pool) + " belongs to the example cluster");
      List<String> roles =
          list(pool.path("spec").path("roles")).stream().map(JsonNode::asText).toList();
      int replicas = pool.path("spec").path("replicas").asInt();
      brokers += roles.contains("broker") ? replicas : 0;
      controllers += roles.contains("controller") ? replicas : 0;
    }
    assertTrue(controllers >= 3, "a KRaft controller quorum of at least 3, found " + controllers);

    int mostReplicas = 0;
    for (JsonNode topic : ofKind(Kustomize.render(PROD), "KafkaTopic")) {
      assertEquals(
          cluster,
          topic.path("metadata").path("labels").path("strimzi.io/cluster").asText(),
          describe(topic) + " is managed by the example cluster's Topic Operator");
      mostReplicas = Math.max(mostReplicas, topic.path("spec").path("replicas").asInt());
    }
    assertTrue(
        brokers >= mostReplicas,
        brokers + " brokers cannot hold topics of " + mostReplicas + " replicas");
    JsonNode config = kafka.path("spec").path("kafka").path("config");
    assertEquals(2, config.path("min.insync.replicas").asInt(), "min.insync.replicas");
    assertFalse(
        config.path("auto.create.topics.enable").asBoolean(true),
        "topics come from KafkaTopic resources only");
    assertFalse(
        kafka.path("spec").path("entityOperator").path("topicOperator").isMissingNode(),
        "the Topic Operator reconciles the KafkaTopics");
  }

  @Test
  void bootstrapAddressOfTheOverlaysIsTheExampleCluster() {
    String cluster = name(ofKind(Kustomize.render("deploy/k8s/examples/strimzi"), "Kafka").get(0));
    String postgres =
        name(ofKind(Kustomize.render("deploy/k8s/examples/cloudnative-pg"), "Cluster").get(0));
    for (String overlay : List.of("deploy/k8s/overlays/dev", PROD)) {
      List<JsonNode> objects = Kustomize.render(overlay);
      String bootstrap = configValue(objects, "KAFKA_BOOTSTRAP_SERVERS");
      assertTrue(
          bootstrap.startsWith(cluster + "-kafka-bootstrap:"),
          overlay + " KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is not the example cluster's");
      assertEquals(postgres + "-rw", configValue(objects, "SMS_DB_HOST"), overlay + " SMS_DB_HOST");
    }
  }

  @Test
  void cloudNativePgClusterHasAReplicaAndBackups() {
    List<JsonNode> objects = Kustomize.render("deploy/k8s/examples/cloudnative-pg");
    JsonNode cluster = ofKind(objects, "Cluster").get(0);
    assertTrue(cluster.path("spec").path("instances").asInt() >= 2, "a standby to fail over to");
    assertFalse(cluster.path("spec").path("backup").isMissingNode(), "continuous backup");
    assertFalse(ofKind(objects, "ScheduledBackup").isEmpty(), "a scheduled base backup");
  }

  @Test
  void strimziClusterLetsInOnlyAuthenticatedClientsHeldToAcls() {
    JsonNode kafka = ofKind(Kustomize.render("deploy/k8s/examples/strimzi"), "Kafka").get(0);
    JsonNode spec = kafka.path("spec").path("kafka");
    List<String> problems = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    for (JsonNode listener : list(spec.path("listeners"))) {
      ports.add(listener.path("port").asInt());
      if (!"scram-sha-512".equals(listener.path("authentication").path("type").asText())) {
        problems.add("listener " + listener.path("name").asText() + " lets clients in unnamed");
      }
      if (!listener.path("tls").asBoolean(false)) {
        problems.add("listener " + listener.path("name").asText() + " is not TLS");
      }
    }
    if (!"simple".equals(spec.path("authorization").path("type").asText())) {
      problems.add("no simple authorization: every client could read and write every topic");
    }
    if (spec.path("authorization").has("superUsers")) {
      problems.add("super users bypass the ACLs: " + spec.path("authorization").path("superUsers"));
    }
    if (kafka.path("spec").path("entityOperator").path("userOperator").isMissingNode()) {
      problems.add("no User Operator: the KafkaUsers (and their Secrets) would never be made");
    }
    for (String overlay : List.of("deploy/k8s/overlays/dev", PROD)) {
      String bootstrap = configValue(Kustomize.render(overlay), "KAFKA_BOOTSTRAP_SERVERS");
      int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
      if (!ports.contains(port)) {
        problems.add(overlay + " connects to port " + port + ", not a listener of " + ports);
      }
    }
    assertTrue(
        problems.isEmpty(), "the example Kafka cluster:\n  " + String.join("\n  ", problems));
  }

  @Test
  void keycloakRealmImportIsTheRealmFileWithoutDemoUsers() {
    List<JsonNode> objects = Kustomize.render(KEYCLOAK);
    JsonNode realmImport = ofKind(objects, "KeycloakRealmImport").get(0);
    JsonNode keycloak = ofKind(objects, "Keycloak").get(0);
    assertEquals(
        name(keycloak),
        realmImport.path("spec").path("keycloakCRName").asText(),
        "the realm is imported into the example Keycloak");

    // The realm file, as the cluster gets it: the prod console origin written out, service
    // accounts as the only users.
    String origin = configValue(Kustomize.render(PROD), "SMS_CONSOLE_ORIGIN");
    String file =
        Repo.read("deploy/keycloak/sms-realm.json").replace("${SMS_CONSOLE_ORIGIN}", origin);
    ObjectNode expected = (ObjectNode) Repo.parseYaml(file, "deploy/keycloak/sms-realm.json");
    ArrayNode serviceAccounts = expected.arrayNode();
    list(expected.path("users")).stream()
        .filter(u -> u.has("serviceAccountClientId"))
        .forEach(serviceAccounts::add);
    expected.set("users", serviceAccounts);
    assertEquals(
        expected,
        realmImport.path("spec").path("realm"),
        "realm-import.yaml is deploy/keycloak/sms-realm.json (console origin "
            + origin
            + ", no demo users)");

    // Secrets by reference only: every ${NAME} left is a placeholder read from a Secret.
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(realmImport.path("spec").path("realm").toString());
    while (m.find()) {
      names.add(m.group(1));
    }
    JsonNode placeholders = realmImport.path("spec").path("placeholders");
    Set<String> given = new TreeSet<>();
    placeholders
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode secret = e.getValue().path("secret");
              assertFalse(
                  secret.path("name").asText().isBlank() || secret.path("key").asText().isBlank(),
                  "placeholder " + e.getKey() + " names a Secret and key");
              given.add(e.getKey());
            });
    assertEquals(names, given, "every placeholder of the realm comes from a Secret");
  }

  @Test
  void keycloakExampleIsPinnedLikeComposeAndIssuesTheOverlaysIssuer() {
    List<JsonNode> objects = Kustomize.render(KEYCLOAK);
    JsonNode keycloak = ofKind(objects, "Keycloak").get(0);
    JsonNode spec = keycloak.path("spec");
    String composeImage =
        Repo.parseOne("docker-compose.yml")
            .path("services")
            .path("keycloak")
            .path("image")
            .asText();
    assertEquals(
        composeImage, spec.path("image").asText(), "the same Keycloak as docker-compose.yml");
    assertFalse(
        spec.path("ingress").path("enabled").asBoolean(true),
        "not the operator's Ingress, which publishes the admin console too");
    String realm = Repo.parseJson("deploy/keycloak/sms-realm.json").path("realm").asText();
    String issuer = spec.path("hostname").path("hostname").asText() + "/realms/" + realm;
    List<JsonNode> prod = Kustomize.render(PROD);
    assertEquals(issuer, configValue(prod, "SMS_OIDC_ISSUER"), "prod SMS_OIDC_ISSUER");
    assertEquals(
        issuer, configValue(prod, "SMS_CONSOLE_OIDC_ISSUER"), "prod SMS_CONSOLE_OIDC_ISSUER");
    assertTrue(issuer.startsWith("https://"), "the issuer is HTTPS: " + issuer);
  }

  @Test
  void keycloakIngressPublishesOnlyTheRealmAndItsResources() {
    List<JsonNode> objects = Kustomize.render(KEYCLOAK);
    JsonNode keycloak = ofKind(objects, "Keycloak").get(0);
    String realm = Repo.parseJson("deploy/keycloak/sms-realm.json").path("realm").asText();
    String host = spec(keycloak).path("hostname").path("hostname").asText().replace("https://", "");
    List<JsonNode> ingresses = ofKind(objects, "Ingress");
    assertEquals(1, ingresses.size(), "one Ingress for the sign-in pages");
    JsonNode ingress = ingresses.get(0);
    assertFalse(ingress.path("spec").has("defaultBackend"), "no default backend");
    assertFalse(ingress.path("spec").path("tls").isMissingNode(), "TLS");
    Set<String> routed = new TreeSet<>();
    for (JsonNode rule : list(ingress.path("spec").path("rules"))) {
      assertEquals(host, rule.path("host").asText(), "the rule is for Keycloak's host");
      for (JsonNode path : list(rule.path("http").path("paths"))) {
        JsonNode backend = path.path("backend").path("service");
        routed.add(
            path.path("path").asText()
                + " "
                + path.path("pathType").asText()
                + " -> "
                + backend.path("name").asText()
                + ":"
                + backend
                    .path("port")
                    .path("number")
                    .asText(backend.path("port").path("name").asText()));
      }
    }
    String service = name(keycloak) + "-service:8080";
    assertEquals(
        new TreeSet<>(
            Set.of(
                "/realms/" + realm + " Prefix -> " + service, "/resources Prefix -> " + service)),
        routed,
        "only the realm's pages and the theme resources, on Keycloak's HTTP port (not the admin"
            + " console, the master realm or the management port)");
  }

  @Test
  void keycloakUsesItsOwnDatabaseOfTheExampleCluster() {
    JsonNode db = spec(ofKind(Kustomize.render(KEYCLOAK), "Keycloak").get(0)).path("db");
    List<JsonNode> postgres = Kustomize.render("deploy/k8s/examples/cloudnative-pg");
    JsonNode cluster = ofKind(postgres, "Cluster").get(0);
    assertEquals(name(cluster) + "-rw", db.path("host").asText(), "the example cluster's primary");
    JsonNode database =
        ofKind(postgres, "Database").stream()
            .filter(d -> db.path("database").asText().equals(d.path("spec").path("name").asText()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Database " + db.path("database").asText()));
    String owner = database.path("spec").path("owner").asText();
    JsonNode role =
        list(cluster.path("spec").path("managed").path("roles")).stream()
            .filter(r -> owner.equals(r.path("name").asText()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no managed role " + owner));
    assertEquals(
        db.path("passwordSecret").path("name").asText(),
        role.path("passwordSecret").path("name").asText(),
        "Keycloak logs in as the role the cluster manages");
    assertFalse(
        List.of("contacts", "gateway").contains(owner), "not one of the services' own roles");
    assertTrue(db.path("poolMaxSize").asInt() > 0, "a bounded connection pool");
  }

  @Test
  void monitoringScrapesThePlatformAndAlerts() {
    List<JsonNode> objects = Kustomize.render("deploy/k8s/monitoring");
    JsonNode podMonitor = ofKind(objects, "PodMonitor").get(0);
    assertEquals(
        "sms-platform",
        podMonitor
            .path("spec")
            .path("selector")
            .path("matchLabels")
            .path("app.kubernetes.io/part-of")
            .asText());
    JsonNode endpoint = podMonitor.path("spec").path("podMetricsEndpoints").path(0);
    assertEquals("/q/metrics", endpoint.path("path").asText());
    // The named port must be each Deployment's management port: the service ports serve no /q/*.
    for (JsonNode deployment : ofKind(Kustomize.render(PROD), "Deployment")) {
      JsonNode container =
          deployment.path("spec").path("template").path("spec").path("containers").path(0);
      boolean management =
          list(container.path("ports")).stream()
              .anyMatch(
                  p ->
                      endpoint.path("port").asText().equals(p.path("name").asText())
                          && p.path("containerPort").asInt() == PlatformService.MANAGEMENT_PORT);
      assertTrue(
          management,
          "the PodMonitor's port "
              + endpoint.path("port").asText()
              + " is the management port of "
              + describe(deployment));
    }
    JsonNode rules = ofKind(objects, "PrometheusRule").get(0);
    assertFalse(list(rules.path("spec").path("groups").path(0).path("rules")).isEmpty());
  }

  private static final String KEYCLOAK = "deploy/k8s/examples/keycloak";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

  private static JsonNode spec(JsonNode object) {
    return object.path("spec");
  }

  private static String configValue(List<JsonNode> objects, String key) {
    return ofKind(objects, "ConfigMap").stream()
        .map(cm -> cm.path("data").path(key))
        .filter(v -> !v.isMissingNode())
        .map(JsonNode::asText)
        .findFirst()
        .orElse("");
  }
}
