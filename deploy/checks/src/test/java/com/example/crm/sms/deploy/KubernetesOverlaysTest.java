package com.example.crm.sms.deploy;

import static com.example.crm.sms.deploy.Objects.describe;
import static com.example.crm.sms.deploy.Objects.find;
import static com.example.crm.sms.deploy.Objects.kind;
import static com.example.crm.sms.deploy.Objects.list;
import static com.example.crm.sms.deploy.Objects.name;
import static com.example.crm.sms.deploy.Objects.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every overlay with {@code kubectl kustomize} and checks the objects an operator would
 * apply.
 */
class KubernetesOverlaysTest {

  private static final Set<String> CLUSTER_SCOPED =
      Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "PriorityClass", "StorageClass");

  static Stream<String> overlays() throws IOException {
    try (Stream<Path> dirs = Files.list(Repo.path("deploy/k8s/overlays"))) {
      return dirs
          .filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
          .map(d -> "deploy/k8s/overlays/" + d.getFileName())
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void devAndProdOverlaysExist() throws IOException {
    assertEquals(
        List.of("deploy/k8s/overlays/dev", "deploy/k8s/overlays/prod"), overlays().toList());
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyServiceIsDeployedWithItsServiceAutoscalerAndDisruptionBudget(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    List<String> problems = new ArrayList<>();
    for (PlatformService service : PlatformService.values()) {
      for (String kind :
          List.of(
              "Deployment",
              "Service",
              "HorizontalPodAutoscaler",
              "PodDisruptionBudget",
              "ServiceAccount")) {
        if (find(objects, kind, service.id).isEmpty()) {
          problems.add("no " + kind + "/" + service.id);
        }
      }
    }
    assertNoProblems(overlay, problems);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyContainerHasTheThreeHealthProbes(String overlay) {
    List<String> problems = new ArrayList<>();
    forEachContainer(
        overlay,
        (workload, container) -> {
          checkProbe(problems, workload, container, "startupProbe", "/q/health/started");
          checkProbe(problems, workload, container, "readinessProbe", "/q/health/ready");
          checkProbe(problems, workload, container, "livenessProbe", "/q/health/live");
        });
    assertNoProblems(overlay, problems);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyContainerHasRequestsAndLimits(String overlay) {
    List<String> problems = new ArrayList<>();
    forEachContainer(
        overlay,
        (workload, container) -> {
          JsonNode resources = container.path("resources");
          for (String bound : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
              if (resources.path(bound).path(resource).asText().isBlank()) {
                problems.add(where(workload, container) + " has no " + bound + "." + resource);
              }
            }
          }
        });
    assertNoProblems(overlay, problems);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyContainerRunsRestricted(String overlay) {
    List<String> problems = new ArrayList<>();
    Map<String, JsonNode> pods = Objects.podSpecs(Kustomize.render(overlay));
    forEachContainer(
        overlay,
        (workload, container) -> {
          JsonNode pod = pods.get(workload).path("securityContext");
          JsonNode own = container.path("securityContext");
          String at = where(workload, container);
          if (!effective(own, pod, "runAsNonRoot")) {
            problems.add(at + " may run as root (runAsNonRoot is not true)");
          }
          if (!isTrue(own.path("readOnlyRootFilesystem"))) {
            problems.add(at + " has a writable root filesystem");
          }
          if (!own.path("allowPrivilegeEscalation").isBoolean()
              || own.path("allowPrivilegeEscalation").booleanValue()) {
            problems.add(at + " does not set allowPrivilegeEscalation: false");
          }
          if (isTrue(own.path("privileged"))) {
            problems.add(at + " is privileged");
          }
          List<String> dropped =
              list(own.path("capabilities").path("drop")).stream().map(JsonNode::asText).toList();
          if (!dropped.contains("ALL")) {
            problems.add(at + " does not drop ALL capabilities");
          }
          String seccomp =
              own.path("seccompProfile")
                  .path("type")
                  .asText(pod.path("seccompProfile").path("type").asText());
          if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
            problems.add(at + " has no RuntimeDefault seccomp profile");
          }
          boolean tmpMounted =
              list(container.path("volumeMounts")).stream()
                  .anyMatch(m -> "/tmp".equals(m.path("mountPath").asText()));
          if (!tmpMounted) {
            problems.add(at + " has no writable /tmp (emptyDir) under its read-only root");
          }
        });
    assertNoProblems(overlay, problems);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void noSecretValueIsRendered(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    List<String> problems = new ArrayList<>();
    for (JsonNode secret : ofKind(objects, "Secret")) {
      problems.add(
          describe(secret)
              + " is part of the output: Secrets are created with kubectl create secret, never"
              + " applied from the repository"
              + (secret.has("data") || secret.has("stringData") ? " (and it carries values)" : ""));
    }
    for (JsonNode configMap : ofKind(objects, "ConfigMap")) {
      configMap
          .path("data")
          .fieldNames()
          .forEachRemaining(
              key -> {
                if (PlatformService.isSecretName(key)) {
                  problems.add(describe(configMap) + " holds " + key + ", a secret, in plain text");
                }
              });
    }
    forEachContainer(
        overlay,
        (workload, container) -> {
          for (JsonNode env : list(container.path("env"))) {
            String variable = env.path("name").asText();
            if (PlatformService.isSecretName(variable)
                && env.path("valueFrom").path("secretKeyRef").isMissingNode()) {
              problems.add(
                  where(workload, container) + " sets " + variable + " without a secretKeyRef");
            }
          }
        });
    assertNoProblems(overlay, problems);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyReferencedSecretIsDocumentedAndEveryConfigMapExists(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    String readme = Repo.read("deploy/README.md");
    List<String> problems = new ArrayList<>();
    forEachContainer(
        overlay,
        (workload, container) -> {
          Set<String> secrets = new LinkedHashSet<>();
          Set<String> configMaps = new LinkedHashSet<>();
          for (JsonNode env : list(container.path("env"))) {
            JsonNode secretRef = env.path("valueFrom").path("secretKeyRef");
            if (!secretRef.isMissingNode()) {
              secrets.add(secretRef.path("name").asText());
            }
            JsonNode configRef = env.path("valueFrom").path("configMapKeyRef");
            if (!configRef.isMissingNode()) {
              configMaps.add(configRef.path("name").asText());
            }
          }
          for (JsonNode source : list(container.path("envFrom"))) {
            if (source.has("secretRef")) {
              secrets.add(source.path("secretRef").path("name").asText());
            }
            if (source.has("configMapRef")) {
              configMaps.add(source.path("configMapRef").path("name").asText());
            }
          }
          for (String configMap : configMaps) {
            if (find(objects, "ConfigMap", configMap).isEmpty()) {
              problems.add(
                  where(workload, container) + " reads ConfigMap " + configMap + " (absent)");
            }
          }
          for (String secret : secrets) {
            boolean documented =
                readme
                    .lines()
                    .anyMatch(
                        line -> line.contains("create secret") && line.contains(" " + secret));
            if (!documented) {
              problems.add(
                  where(workload, container)
                      + " reads Secret "
                      + secret
                      + ", which deploy/README.md does not show how to create");
            }
          }
        });
    assertNoProblems(overlay, problems);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyServiceGetsItsRequiredSettings(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    List<String> problems = new ArrayList<>();
    for (PlatformService service : PlatformService.values()) {
      JsonNode deployment = find(objects, "Deployment", service.id).orElse(null);
      if (deployment == null) {
        problems.add("no Deployment/" + service.id);
        continue;
      }
      JsonNode container =
          list(deployment.path("spec").path("template").path("spec").path("containers")).get(0);
      Set<String> given = new LinkedHashSet<>();
      list(container.path("env")).forEach(e -> given.add(e.path("name").asText()));
      for (JsonNode source : list(container.path("envFrom"))) {
        String configMap = source.path("configMapRef").path("name").asText();
        find(objects, "ConfigMap", configMap)
            .ifPresent(cm -> cm.path("data").fieldNames().forEachRemaining(given::add));
      }
      for (String setting : service.requiredSettings()) {
        if (!given.contains(setting)) {
          problems.add(service.id + " is not given " + setting);
        }
      }
      boolean portDeclared =
          list(container.path("ports")).stream()
              .anyMatch(p -> p.path("containerPort").asInt() == service.port);
      if (!portDeclared) {
        problems.add(service.id + " does not declare containerPort " + service.port);
      }
    }
    assertNoProblems(overlay, problems);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void noImageUsesLatestOrLacksATag(String overlay) {
    List<String> problems = new ArrayList<>();
    Objects.podSpecs(Kustomize.render(overlay))
        .forEach(
            (workload, pod) -> {
              List<JsonNode> containers = new ArrayList<>(list(pod.path("containers")));
              containers.addAll(list(pod.path("initContainers")));
              for (JsonNode container : containers) {
                Objects.imageProblem(container.path("image").asText())
                    .ifPresent(p -> problems.add(where(workload, container) + ": " + p));
              }
            });
    assertNoProblems(overlay, problems);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyTopicTheCodeNamesIsAReplicatedKafkaTopic(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    Map<String, JsonNode> topics = new TreeMap<>();
    for (JsonNode topic : ofKind(objects, "KafkaTopic")) {
      topics.put(topic.path("spec").path("topicName").asText(name(topic)), topic);
    }
    List<String> problems = new ArrayList<>();
    for (String name : Topics.ALL) {
      JsonNode topic = topics.get(name);
      if (topic == null) {
        problems.add("no KafkaTopic for " + name + " (Topics.ALL)");
        continue;
      }
      JsonNode spec = topic.path("spec");
      if (spec.path("partitions").asInt() < 1) {
        problems.add(name + " has no partition count");
      }
      if (spec.path("replicas").asInt() < 3) {
        problems.add(name + " has fewer than 3 replicas");
      }
      if (!"2".equals(spec.path("config").path("min.insync.replicas").asText())) {
        problems.add(name + " does not set min.insync.replicas 2");
      }
      if (topic.path("metadata").path("labels").path("strimzi.io/cluster").asText().isBlank()) {
        problems.add(name + " names no strimzi.io/cluster");
      }
    }
    assertNoProblems(overlay, problems);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void consumerReplicasNeverOutnumberPartitions(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    List<String> problems = new ArrayList<>();
    for (PlatformService service : PlatformService.values()) {
      int maxReplicas =
          find(objects, "HorizontalPodAutoscaler", service.id)
              .map(h -> h.path("spec").path("maxReplicas").asInt())
              .orElse(0);
      int consumers = maxReplicas * service.consumersPerReplica(settings(objects, service));
      for (String consumed : service.consumedTopics) {
        int partitions =
            ofKind(objects, "KafkaTopic").stream()
                .filter(t -> consumed.equals(t.path("spec").path("topicName").asText(name(t))))
                .mapToInt(t -> t.path("spec").path("partitions").asInt())
                .findFirst()
                .orElse(0);
        if (consumers > partitions) {
          problems.add(
              service.id
                  + " may run "
                  + consumers
                  + " consumers of "
                  + consumed
                  + " (max replicas x concurrency) but it has "
                  + partitions
                  + " partitions: the extra consumers would idle");
        }
      }
    }
    assertNoProblems(overlay, problems);
  }

  /** The ConfigMap settings a service's container gets through envFrom (later sources win). */
  private static Map<String, String> settings(List<JsonNode> objects, PlatformService service) {
    Map<String, String> settings = new HashMap<>();
    find(objects, "Deployment", service.id)
        .ifPresent(
            d -> {
              JsonNode container =
                  d.path("spec").path("template").path("spec").path("containers").path(0);
              for (JsonNode source : list(container.path("envFrom"))) {
                find(objects, "ConfigMap", source.path("configMapRef").path("name").asText())
                    .ifPresent(cm -> settings.putAll(Objects.stringMap(cm.path("data"))));
              }
              for (JsonNode env : list(container.path("env"))) {
                if (env.has("value")) {
                  settings.put(env.path("name").asText(), env.path("value").asText());
                }
              }
            });
    return settings;
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void ingressExposesOnlyTheWebhooksTheApisAndTheConsole(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    Map<String, String> expected = PublicPaths.expected();
    Map<String, String> routed = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    List<JsonNode> ingresses = ofKind(objects, "Ingress");
    if (ingresses.isEmpty()) {
      problems.add("no Ingress");
    }
    for (JsonNode ingress : ingresses) {
      if (ingress.path("spec").has("defaultBackend")) {
        problems.add(describe(ingress) + " has a defaultBackend: everything would be exposed");
      }
      if (!ingress.path("spec").has("tls")) {
        problems.add(describe(ingress) + " has no TLS: Twilio and browsers need HTTPS");
      }
      for (JsonNode rule : list(ingress.path("spec").path("rules"))) {
        if (rule.path("host").asText().isBlank()) {
          problems.add(describe(ingress) + " has a rule for every host");
        }
        for (JsonNode path : list(rule.path("http").path("paths"))) {
          String p = path.path("path").asText();
          String backend = path.path("backend").path("service").path("name").asText();
          routed.put(p + " " + path.path("pathType").asText(), backend);
          if (find(objects, "Service", backend).isEmpty()) {
            problems.add(p + " routes to Service " + backend + ", which is not rendered");
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), overlay + ":\n  " + String.join("\n  ", problems));
    assertEquals(expected, routed, overlay + ": the Ingress routes exactly these paths");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void servicesAutoscalersBudgetsAndNetworkPoliciesMatchThePods(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    List<String> problems = new ArrayList<>();
    List<JsonNode> policies = ofKind(objects, "NetworkPolicy");
    for (JsonNode deployment : ofKind(objects, "Deployment")) {
      JsonNode template = deployment.path("spec").path("template");
      Map<String, String> labels = Objects.stringMap(template.path("metadata").path("labels"));
      if (!Objects.selects(deployment.path("spec").path("selector").path("matchLabels"), labels)) {
        problems.add(describe(deployment) + " selector does not match its own pods");
      }
      String id = name(deployment);
      find(objects, "Service", id)
          .filter(s -> !Objects.selects(s.path("spec").path("selector"), labels))
          .ifPresent(s -> problems.add(describe(s) + " does not select the pods of " + id));
      find(objects, "PodDisruptionBudget", id)
          .filter(
              p -> !Objects.selects(p.path("spec").path("selector").path("matchLabels"), labels))
          .ifPresent(p -> problems.add(describe(p) + " does not select the pods of " + id));
      find(objects, "HorizontalPodAutoscaler", id)
          .filter(h -> !id.equals(h.path("spec").path("scaleTargetRef").path("name").asText()))
          .ifPresent(h -> problems.add(describe(h) + " does not scale " + id));
      if (find(objects, "HorizontalPodAutoscaler", id).isPresent()
          && deployment.path("spec").has("replicas")) {
        problems.add(
            describe(deployment)
                + " sets replicas although an autoscaler owns them: every apply would reset them");
      }
      boolean ingressPolicy =
          policies.stream()
              .anyMatch(
                  p ->
                      Objects.selects(
                              p.path("spec").path("podSelector").path("matchLabels"), labels)
                          && list(p.path("spec").path("policyTypes")).stream()
                              .anyMatch(t -> "Ingress".equals(t.asText())));
      boolean egressPolicy =
          policies.stream()
              .anyMatch(
                  p ->
                      Objects.selects(
                              p.path("spec").path("podSelector").path("matchLabels"), labels)
                          && list(p.path("spec").path("policyTypes")).stream()
                              .anyMatch(t -> "Egress".equals(t.asText())));
      if (!ingressPolicy || !egressPolicy) {
        problems.add(
            describe(deployment) + " is not covered by ingress and egress NetworkPolicies");
      }
      Map<String, String> annotations =
          Objects.stringMap(template.path("metadata").path("annotations"));
      JsonNode port = list(template.path("spec").path("containers")).get(0).path("ports").path(0);
      if (!"true".equals(annotations.get("prometheus.io/scrape"))
          || !"/q/metrics".equals(annotations.get("prometheus.io/path"))
          || !port.path("containerPort").asText().equals(annotations.get("prometheus.io/port"))) {
        problems.add(describe(deployment) + " is not annotated for Prometheus scraping /q/metrics");
      }
    }
    assertNoProblems(overlay, problems);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everythingLandsInTheOverlaysNamespace(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    JsonNode kustomization = Repo.parseOne(overlay + "/kustomization.yaml");
    String namespace = kustomization.path("namespace").asText();
    List<String> problems = new ArrayList<>();
    if (namespace.isBlank()) {
      problems.add("the overlay sets no namespace");
    }
    if (find(objects, "Namespace", namespace).isEmpty()) {
      problems.add("the overlay does not create Namespace " + namespace);
    }
    Map<String, Integer> kinds = new HashMap<>();
    for (JsonNode object : objects) {
      kinds.merge(kind(object), 1, Integer::sum);
      if (!CLUSTER_SCOPED.contains(kind(object))
          && !namespace.equals(object.path("metadata").path("namespace").asText())) {
        problems.add(describe(object) + " is not in namespace " + namespace);
      }
    }
    assertNoProblems(overlay + " " + kinds, problems);
  }

  private interface ContainerCheck {
    void check(String workload, JsonNode container);
  }

  private static void forEachContainer(String overlay, ContainerCheck check) {
    Map<String, JsonNode> pods = Objects.podSpecs(Kustomize.render(overlay));
    assertTrue(!pods.isEmpty(), overlay + " renders no workload");
    pods.forEach(
        (workload, pod) -> list(pod.path("containers")).forEach(c -> check.check(workload, c)));
  }

  private static void checkProbe(
      List<String> problems, String workload, JsonNode container, String probe, String path) {
    JsonNode http = container.path(probe).path("httpGet");
    if (http.isMissingNode()) {
      problems.add(where(workload, container) + " has no " + probe);
    } else if (!path.equals(http.path("path").asText())) {
      problems.add(where(workload, container) + " " + probe + " should ask " + path);
    }
  }

  private static boolean effective(JsonNode container, JsonNode pod, String field) {
    JsonNode own = container.path(field);
    return own.isMissingNode() ? isTrue(pod.path(field)) : isTrue(own);
  }

  private static boolean isTrue(JsonNode node) {
    return node.isBoolean() && node.booleanValue();
  }

  private static String where(String workload, JsonNode container) {
    return workload + " container " + container.path("name").asText();
  }

  private static void assertNoProblems(String what, List<String> problems) {
    assertTrue(problems.isEmpty(), what + ":\n  " + String.join("\n  ", problems));
  }
}
