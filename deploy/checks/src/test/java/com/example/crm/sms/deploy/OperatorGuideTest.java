package com.example.crm.sms.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.Topics;
import java.util.ArrayList;
import java.util.List;
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
            "TWILIO_AUTH_TOKEN_SECONDARY",
            "## Scaling",
            "## Backups",
            "## Upgrades",
            "## Metrics worth alerting on",
            "kubectl apply -k deploy/k8s/overlays/prod",
            "docker compose up")) {
      if (!guide.contains(topic)) {
        missing.add(topic);
      }
    }
    assertTrue(missing.isEmpty(), "deploy/README.md lacks " + missing);
  }
}
