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
import java.util.TreeSet;
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
  void everyContainerHasTheThreeHealthProbesOnTheManagementPort(String overlay) {
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
  void everyReferencedSecretIsDocumentedOrMadeByStrimziAndEveryConfigMapExists(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    String readme = Repo.read("deploy/README.md");
    List<String> problems = new ArrayList<>();
    // Strimzi's operators create these: a KafkaUser's Secret (same name), a cluster's CA
    // certificate.
    Set<String> strimziSecrets = new LinkedHashSet<>();
    for (JsonNode user : ofKind(objects, "KafkaUser")) {
      strimziSecrets.add(name(user));
      strimziSecrets.add(strimziCluster(user) + "-cluster-ca-cert");
    }
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
            if (strimziSecrets.contains(secret)) {
              continue;
            }
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
      JsonNode container = list(template.path("spec").path("containers")).get(0);
      String management = String.valueOf(PlatformService.MANAGEMENT_PORT);
      if (!"true".equals(annotations.get("prometheus.io/scrape"))
          || !"/q/metrics".equals(annotations.get("prometheus.io/path"))
          || !management.equals(annotations.get("prometheus.io/port"))) {
        problems.add(
            describe(deployment)
                + " is not annotated for Prometheus scraping /q/metrics on the management port "
                + management);
      }
      boolean declared =
          list(container.path("ports")).stream()
              .anyMatch(p -> p.path("containerPort").asInt() == PlatformService.MANAGEMENT_PORT);
      if (!declared) {
        problems.add(describe(deployment) + " does not declare its management port " + management);
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

  @ParameterizedTest
  @MethodSource("overlays")
  void nothingPublicReachesTheManagementPort(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    List<String> problems = new ArrayList<>();
    int management = PlatformService.MANAGEMENT_PORT;
    for (JsonNode service : ofKind(objects, "Service")) {
      for (JsonNode port : list(service.path("spec").path("ports"))) {
        if (port.path("port").asInt() == management
            || targetContainerPort(objects, service, port) == management) {
          problems.add(
              describe(service)
                  + " exposes the management port: an Ingress could route to it; probes and"
                  + " Prometheus reach the pods directly");
        }
      }
    }
    for (JsonNode ingress : ofKind(objects, "Ingress")) {
      for (JsonNode rule : list(ingress.path("spec").path("rules"))) {
        for (JsonNode path : list(rule.path("http").path("paths"))) {
          String p = path.path("path").asText();
          if (p.equals("/q") || p.startsWith("/q/")) {
            problems.add(describe(ingress) + " routes " + p + ": /q/* stays inside the cluster");
          }
          JsonNode backend = path.path("backend").path("service");
          JsonNode wanted = backend.path("port");
          JsonNode service = find(objects, "Service", backend.path("name").asText()).orElse(null);
          if (service == null) {
            continue;
          }
          int target =
              list(service.path("spec").path("ports")).stream()
                  .filter(
                      sp ->
                          wanted.has("number")
                              ? sp.path("port").asInt() == wanted.path("number").asInt()
                              : wanted.path("name").asText().equals(sp.path("name").asText()))
                  .mapToInt(sp -> targetContainerPort(objects, service, sp))
                  .findFirst()
                  .orElse(-1);
          int own =
              Stream.of(PlatformService.values())
                  .filter(s -> s.id.equals(name(service)))
                  .mapToInt(s -> s.port)
                  .findFirst()
                  .orElse(-1);
          if (target != own) {
            problems.add(
                describe(ingress)
                    + " "
                    + p
                    + " reaches container port "
                    + target
                    + " of "
                    + name(service)
                    + ", not its service port "
                    + own);
          }
        }
      }
    }
    assertNoProblems(overlay, problems);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void onlyPrometheusMayReachTheManagementPort(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    List<String> problems = new ArrayList<>();
    for (PlatformService service : PlatformService.values()) {
      JsonNode policy = find(objects, "NetworkPolicy", service.id).orElse(null);
      if (policy == null) {
        problems.add("no NetworkPolicy/" + service.id);
        continue;
      }
      boolean scraped = false;
      for (JsonNode rule : list(policy.path("spec").path("ingress"))) {
        Set<Integer> ports = new TreeSet<>();
        list(rule.path("ports")).forEach(p -> ports.add(p.path("port").asInt()));
        Set<String> namespaces = new TreeSet<>();
        boolean others = false;
        for (JsonNode peer : list(rule.path("from"))) {
          String namespace =
              peer.path("namespaceSelector")
                  .path("matchLabels")
                  .path("kubernetes.io/metadata.name")
                  .asText();
          if (namespace.isEmpty() || peer.has("podSelector")) {
            others = true;
          } else {
            namespaces.add(namespace);
          }
        }
        boolean onlyPrometheus = !others && namespaces.equals(Set.of("monitoring"));
        if (ports.isEmpty() || list(rule.path("from")).isEmpty()) {
          problems.add(describe(policy) + " has an ingress rule open to every port or every peer");
        } else if (ports.contains(PlatformService.MANAGEMENT_PORT) && !onlyPrometheus) {
          problems.add(
              describe(policy)
                  + " lets "
                  + (others ? "pods or other namespaces" : namespaces)
                  + " reach the management port: only Prometheus (monitoring) may");
        } else if (onlyPrometheus) {
          scraped = true;
          if (!ports.equals(Set.of(PlatformService.MANAGEMENT_PORT))) {
            problems.add(
                describe(policy) + " lets Prometheus reach " + ports + ", not just the metrics");
          }
        }
      }
      if (!scraped) {
        problems.add(describe(policy) + " does not let Prometheus scrape the management port");
      }
    }
    assertNoProblems(overlay, problems);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void signedInApisGetTheProvidersSettingsAndMayReachIt(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    List<String> problems = new ArrayList<>();
    for (PlatformService service : PlatformService.values()) {
      if (!service.signsIn()) {
        continue;
      }
      Map<String, String> settings = settings(objects, service);
      for (String issuer : List.of("SMS_OIDC_ISSUER", "SMS_CONSOLE_OIDC_ISSUER")) {
        String value = settings.getOrDefault(issuer, "");
        if (settings.containsKey(issuer) && !value.startsWith("https://")) {
          problems.add(service.id + " " + issuer + " " + value + " is not an https:// URL");
        }
      }
      for (String setting : PlatformService.OIDC_SETTINGS) {
        if (settings.getOrDefault(setting, "").isBlank()) {
          problems.add(service.id + " has no value for " + setting);
        }
      }
      boolean https =
          find(objects, "NetworkPolicy", service.id).stream()
              .flatMap(p -> list(p.path("spec").path("egress")).stream())
              .filter(rule -> !rule.has("to"))
              .flatMap(rule -> list(rule.path("ports")).stream())
              .anyMatch(p -> p.path("port").asInt() == 443);
      if (!https) {
        problems.add(
            service.id + " may not reach the OpenID Connect provider (egress HTTPS, port 443)");
      }
    }
    assertNoProblems(overlay, problems);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void eachKafkaUserGrantsExactlyWhatItsServiceNeeds(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    List<String> problems = new ArrayList<>();
    Set<String> clusters = new TreeSet<>();
    ofKind(objects, "KafkaTopic").forEach(t -> clusters.add(strimziCluster(t)));
    for (PlatformService service : PlatformService.values()) {
      JsonNode user = find(objects, "KafkaUser", service.id).orElse(null);
      if (user == null) {
        problems.add("no KafkaUser/" + service.id);
        continue;
      }
      JsonNode spec = user.path("spec");
      if (!"scram-sha-512".equals(spec.path("authentication").path("type").asText())) {
        problems.add(describe(user) + " does not log in with scram-sha-512");
      }
      if (!"simple".equals(spec.path("authorization").path("type").asText())) {
        problems.add(describe(user) + " is not authorized by simple ACLs");
      }
      if (!clusters.equals(Set.of(strimziCluster(user)))) {
        problems.add(describe(user) + " is not of the topics' cluster " + clusters);
      }
      Set<String> granted = new TreeSet<>();
      for (JsonNode acl : list(spec.path("authorization").path("acls"))) {
        JsonNode resource = acl.path("resource");
        String pattern = resource.path("patternType").asText("literal");
        String host = acl.path("host").asText("*");
        String type = acl.path("type").asText("allow");
        if (!"literal".equals(pattern) || resource.path("name").asText().contains("*")) {
          problems.add(
              describe(user) + " grants by pattern: " + resource + " (name topics exactly)");
        }
        if (!"*".equals(host) || !"allow".equals(type)) {
          problems.add(describe(user) + " has an ACL other than allow from any host: " + acl);
        }
        List<JsonNode> operations = list(acl.path("operations"));
        if (acl.has("operation")) {
          operations.add(acl.path("operation"));
        }
        for (JsonNode operation : operations) {
          granted.add(
              resource.path("type").asText()
                  + ":"
                  + resource.path("name").asText()
                  + ":"
                  + operation.asText());
        }
      }
      Set<String> missing = new TreeSet<>(service.kafkaAcls());
      missing.removeAll(granted);
      Set<String> extra = new TreeSet<>(granted);
      extra.removeAll(service.kafkaAcls());
      if (!missing.isEmpty()) {
        problems.add(describe(user) + " lacks " + missing);
      }
      if (!extra.isEmpty()) {
        problems.add(describe(user) + " grants more than its service needs: " + extra);
      }
    }
    assertNoProblems(overlay, problems);
  }

  /** Who may write each topic: the topic table of docs/architecture.md, stated here on its own. */
  private static final Map<String, Set<String>> WRITERS =
      Map.of(
          Topics.INBOUND,
          Set.of(PlatformService.INGEST.id),
          Topics.STATUS,
          Set.of(PlatformService.INGEST.id),
          Topics.OUTBOUND,
          Set.of(PlatformService.GATEWAY.id),
          Topics.OPT_OUT,
          Set.of(PlatformService.GATEWAY.id),
          Topics.dlq(Topics.INBOUND),
          Set.of(PlatformService.GATEWAY.id, PlatformService.CONTACTS.id),
          Topics.dlq(Topics.STATUS),
          Set.of(PlatformService.GATEWAY.id),
          Topics.dlq(Topics.OUTBOUND),
          Set.of(PlatformService.CONTACTS.id),
          Topics.dlq(Topics.OPT_OUT),
          Set.of(PlatformService.CONTACTS.id));

  @ParameterizedTest
  @MethodSource("overlays")
  void noServiceMayWriteATopicItDoesNotOwn(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    assertEquals(
        new TreeSet<>(Topics.ALL), new TreeSet<>(WRITERS.keySet()), "a writer for every topic");
    Map<String, Set<String>> writers = new TreeMap<>();
    for (JsonNode user : ofKind(objects, "KafkaUser")) {
      for (JsonNode acl : list(user.path("spec").path("authorization").path("acls"))) {
        JsonNode resource = acl.path("resource");
        Set<String> operations = new TreeSet<>();
        list(acl.path("operations")).forEach(o -> operations.add(o.asText()));
        operations.add(acl.path("operation").asText());
        boolean writes = operations.contains("Write") || operations.contains("All");
        if ("topic".equals(resource.path("type").asText()) && writes) {
          writers
              .computeIfAbsent(resource.path("name").asText(), t -> new TreeSet<>())
              .add(name(user));
        }
      }
    }
    Map<String, Set<String>> expected = new TreeMap<>();
    WRITERS.forEach((topic, users) -> expected.put(topic, new TreeSet<>(users)));
    assertEquals(expected, writers, overlay + ": the KafkaUsers allowed to write each topic");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void consumerGroupsAndTopicsOfTheCodeAreAllowed(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    List<String> problems = new ArrayList<>();
    for (PlatformService service : PlatformService.values()) {
      Set<String> acls = service.kafkaAcls();
      for (String used : service.kafkaNamesInCode()) {
        String kind = used.substring(0, used.indexOf(':'));
        String what = used.substring(used.indexOf(':') + 1);
        String needed =
            switch (kind) {
              case "group" -> "group:" + what + ":Read";
              case "read" -> "topic:" + what + ":Read";
              default -> "topic:" + what + ":Write";
            };
        if (!acls.contains(needed)) {
          problems.add(
              service.id
                  + "'s application.properties uses "
                  + used
                  + ", which its KafkaUser does not allow ("
                  + needed
                  + ")");
        }
      }
      if (find(objects, "KafkaUser", service.id).isEmpty()) {
        problems.add("no KafkaUser/" + service.id);
      }
    }
    assertNoProblems(overlay, problems);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void servicesLogInToKafkaAsTheirOwnKafkaUserOverTls(String overlay) {
    List<JsonNode> objects = Kustomize.render(overlay);
    List<String> problems = new ArrayList<>();
    for (PlatformService service : PlatformService.values()) {
      Map<String, String> settings = settings(objects, service);
      if (!"SASL_SSL".equals(settings.get("KAFKA_SECURITY_PROTOCOL"))) {
        problems.add(service.id + " KAFKA_SECURITY_PROTOCOL is not SASL_SSL");
      }
      if (!"SCRAM-SHA-512".equals(settings.get("KAFKA_SASL_MECHANISM"))) {
        problems.add(service.id + " KAFKA_SASL_MECHANISM is not SCRAM-SHA-512");
      }
      JsonNode container =
          find(objects, "Deployment", service.id)
              .map(d -> d.path("spec").path("template").path("spec").path("containers").path(0))
              .orElse(null);
      if (container == null) {
        problems.add("no Deployment/" + service.id);
        continue;
      }
      JsonNode jaas =
          list(container.path("env")).stream()
              .filter(e -> "KAFKA_SASL_JAAS_CONFIG".equals(e.path("name").asText()))
              .map(e -> e.path("valueFrom").path("secretKeyRef"))
              .findFirst()
              .orElse(null);
      if (jaas == null
          || !service.id.equals(jaas.path("name").asText())
          || !"sasl.jaas.config".equals(jaas.path("key").asText())
          || find(objects, "KafkaUser", jaas.path("name").asText()).isEmpty()) {
        problems.add(
            service.id
                + " does not read KAFKA_SASL_JAAS_CONFIG from the sasl.jaas.config of its own"
                + " KafkaUser's Secret ("
                + service.id
                + ")");
      }
    }
    assertNoProblems(overlay, problems);
  }

  private static String strimziCluster(JsonNode object) {
    return object.path("metadata").path("labels").path("strimzi.io/cluster").asText();
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
      return;
    }
    if (!path.equals(http.path("path").asText())) {
      problems.add(where(workload, container) + " " + probe + " should ask " + path);
    }
    int port = containerPort(container, http.path("port"));
    if (port != PlatformService.MANAGEMENT_PORT) {
      problems.add(
          where(workload, container)
              + " "
              + probe
              + " asks port "
              + http.path("port").asText()
              + " ("
              + port
              + "), not the management port "
              + PlatformService.MANAGEMENT_PORT
              + ": the service port no longer serves /q/*");
    }
  }

  /** A port given by number or by the name of one of the container's ports; -1 when unknown. */
  private static int containerPort(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    return list(container.path("ports")).stream()
        .filter(p -> port.asText().equals(p.path("name").asText()))
        .mapToInt(p -> p.path("containerPort").asInt())
        .findFirst()
        .orElse(-1);
  }

  /** The container port a Service port leads to (targetPort by number or name; else its port). */
  private static int targetContainerPort(
      List<JsonNode> objects, JsonNode service, JsonNode servicePort) {
    JsonNode target = servicePort.path("targetPort");
    if (target.isMissingNode()) {
      return servicePort.path("port").asInt();
    }
    if (target.isInt()) {
      return target.asInt();
    }
    return find(objects, "Deployment", name(service))
        .map(d -> d.path("spec").path("template").path("spec").path("containers").path(0))
        .map(c -> containerPort(c, target))
        .orElse(-1);
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
