package com.example.crm.sms.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** deploy/README.md stays in step with what the deployment files need. */
class OperatorGuideTest {

  @Test
  void guideNamesEverySettingAndTopic() {
    String guide = Repo.read("deploy/README.md");
    List<String> missing = new ArrayList<>();
    for (PlatformService service : PlatformService.values()) {
      for (String setting : service.requiredSettings()) {
        if (!guide.contains("`" + setting + "`")) {
          missing.add(setting);
        }
      }
    }
    for (String topic : Topics.ALL) {
      if (!guide.contains("`" + topic + "`")) {
        missing.add(topic);
      }
    }
    assertTrue(missing.isEmpty(), "deploy/README.md does not document " + missing);
  }

  @Test
  void guideCoversWhatOperatorsAsk() {
    String guide = Repo.read("deploy/README.md");
    List<String> missing = new ArrayList<>();
    for (String topic :
        List.of(
            "/twilio/messages",
            "/twilio/status",
            "#rc=3&rp=all",
            "fallback",
            "SMS_TWILIO_AUTH_TOKEN_SECONDARY",
            "## Scaling",
            "## Backups",
            "## Upgrades",
            "## Metrics worth alerting on",
            "kubectl apply -k deploy/k8s/overlays/prod",
            "docker compose up",
            // Sign-in: the roles, the providers, a machine client.
            "## Sign-in",
            "`sms-viewer`",
            "`sms-agent`",
            "`sms-admin`",
            "### Keycloak",
            "### Microsoft Entra ID",
            "https://login.microsoftonline.com/<tenant id>/v2.0",
            "api://",
            "### Another OpenID Connect provider",
            "grant_type=client_credentials",
            "Authorization: Bearer",
            "/api/messages",
            // The management port, and the Kafka users.
            "management port 9000",
            "`QUARKUS_MANAGEMENT_PORT`",
            "### Kafka users and ACLs",
            "SCRAM-SHA-512",
            "KafkaUser")) {
      if (!guide.contains(topic)) {
        missing.add(topic);
      }
    }
    assertTrue(missing.isEmpty(), "deploy/README.md lacks " + missing);
  }

  @Test
  void guideListsEachKafkaUsersGroups() {
    String guide = Repo.read("deploy/README.md");
    List<String> missing = new ArrayList<>();
    for (PlatformService service : PlatformService.values()) {
      String row =
          guide
              .lines()
              .filter(l -> l.startsWith("| `" + service.id + "` |") && l.contains("sms."))
              .findFirst()
              .orElse("");
      if (row.isEmpty()) {
        missing.add("the KafkaUser row of " + service.id);
      }
      for (String group : service.consumerGroups) {
        if (!row.contains("`" + group + "`")) {
          missing.add(service.id + "'s group " + group);
        }
      }
      for (String topic : service.writtenTopics()) {
        if (!row.contains("`" + topic + "`")) {
          missing.add(service.id + " writes " + topic);
        }
      }
    }
    assertTrue(missing.isEmpty(), "deploy/README.md, Kafka users and ACLs, lacks " + missing);
  }

  /** Secrets the examples read (Keycloak, CloudNativePG): each has its create line in the guide. */
  @Test
  void guideShowsHowToCreateEverySecretTheExamplesRead() {
    String guide = Repo.read("deploy/README.md");
    Set<String> secrets = new TreeSet<>();
    for (String example :
        List.of(
            "deploy/k8s/examples/keycloak",
            "deploy/k8s/examples/cloudnative-pg",
            "deploy/k8s/examples/strimzi")) {
      Kustomize.render(example).forEach(o -> collectSecretRefs(o, secrets));
    }
    assertFalse(secrets.isEmpty(), "the examples read Secrets");
    List<String> missing =
        secrets.stream()
            .filter(
                secret ->
                    guide
                        .lines()
                        .noneMatch(l -> l.contains("create secret") && l.contains(" " + secret)))
            .toList();
    assertTrue(missing.isEmpty(), "deploy/README.md does not show how to create " + missing);
  }

  /** The name of every object reference under a field whose name says secret. */
  private static void collectSecretRefs(JsonNode node, Set<String> secrets) {
    node.fields()
        .forEachRemaining(
            field -> {
              JsonNode value = field.getValue();
              if (field.getKey().toLowerCase(Locale.ROOT).contains("secret")
                  && value.isObject()
                  && value.path("name").isTextual()) {
                secrets.add(value.path("name").asText());
              }
              collectSecretRefs(value, secrets);
            });
    if (node.isArray()) {
      node.forEach(item -> collectSecretRefs(item, secrets));
    }
  }
}
