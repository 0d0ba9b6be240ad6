package com.example.crm.sms.deploy;

import static com.example.crm.sms.deploy.Objects.describe;
import static com.example.crm.sms.deploy.Objects.list;
import static com.example.crm.sms.deploy.Objects.name;
import static com.example.crm.sms.deploy.Objects.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
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
      assertEquals(postgres + "-rw", configValue(objects, "DB_HOST"), overlay + " DB_HOST");
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
    assertEquals(
        "/q/metrics",
        podMonitor.path("spec").path("podMetricsEndpoints").path(0).path("path").asText());
    JsonNode rules = ofKind(objects, "PrometheusRule").get(0);
    assertFalse(list(rules.path("spec").path("groups").path(0).path("rules")).isEmpty());
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
