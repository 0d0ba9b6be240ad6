package com.example.crm.sms.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each service's src/main/docker/Dockerfile.jvm, checked statically (no Docker engine here). */
class DockerfileTest {

  @ParameterizedTest
  @EnumSource(PlatformService.class)
  void runsTheFastJarAsANonRootUserWithAHealthCheck(PlatformService service) {
    String file = service.id + "/src/main/docker/Dockerfile.jvm";
    List<String> instructions = instructions(Repo.read(file));
    List<String> problems = new ArrayList<>();

    List<String> from = withKeyword(instructions, "FROM");
    if (from.isEmpty()) {
      problems.add("no FROM");
    }
    for (String base : from) {
      String image = base.split("\\s+")[1];
      Objects.imageProblem(image).ifPresent(p -> problems.add("base image " + p));
    }

    List<String> users = withKeyword(instructions, "USER");
    String user = users.isEmpty() ? "" : users.get(users.size() - 1).substring(4).strip();
    if (user.isEmpty() || user.equals("root") || user.equals("0") || user.startsWith("0:")) {
      problems.add("the last USER must be an unprivileged user, found '" + user + "'");
    }

    // /q/health is on the management port once the service turns its management interface on (the
    // platform's contract: port 9000), and on the service port only until then.
    int healthPort =
        managementInterfaceEnabled(service) ? PlatformService.MANAGEMENT_PORT : service.port;
    List<String> healthChecks = withKeyword(instructions, "HEALTHCHECK");
    if (healthChecks.size() != 1
        || !healthChecks.get(0).contains("/q/health/")
        || !Pattern.compile("[/:]" + healthPort + "\\b").matcher(healthChecks.get(0)).find()) {
      problems.add("needs one HEALTHCHECK asking /q/health/ on port " + healthPort);
    }

    if (!withKeyword(instructions, "EXPOSE").contains("EXPOSE " + service.port)) {
      problems.add("does not EXPOSE " + service.port);
    }
    for (String layer : List.of("lib/", "*.jar", "app/", "quarkus/")) {
      boolean copied =
          withKeyword(instructions, "COPY").stream()
              .anyMatch(c -> c.contains("target/quarkus-app/" + layer) && c.contains("--chown="));
      if (!copied) {
        problems.add(
            "does not copy target/quarkus-app/" + layer + " (fast-jar layer) with --chown");
      }
    }
    if (withKeyword(instructions, "ENTRYPOINT").isEmpty()
        && withKeyword(instructions, "CMD").isEmpty()) {
      problems.add("starts nothing (no ENTRYPOINT or CMD)");
    }
    assertTrue(problems.isEmpty(), file + ":\n  " + String.join("\n  ", problems));
  }

  private static final Pattern MANAGEMENT_ENABLED =
      Pattern.compile("(?m)^quarkus\\.management\\.enabled\\s*=\\s*true\\s*$");

  private static boolean managementInterfaceEnabled(PlatformService service) {
    String properties = Repo.read(service.id + "/src/main/resources/application.properties");
    return MANAGEMENT_ENABLED.matcher(properties).find();
  }

  /** Instructions with comments dropped and continuation lines joined. */
  private static List<String> instructions(String dockerfile) {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : dockerfile.lines().toList()) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      instructions.add(current.toString());
      current.setLength(0);
    }
    return instructions;
  }

  private static List<String> withKeyword(List<String> instructions, String keyword) {
    return instructions.stream()
        .filter(i -> i.toUpperCase(Locale.ROOT).startsWith(keyword + " "))
        .toList();
  }
}
