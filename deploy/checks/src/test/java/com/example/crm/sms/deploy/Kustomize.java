package com.example.crm.sms.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization with {@code kubectl kustomize}, as {@code kubectl apply -k} would. */
final class Kustomize {

  private static final long TIMEOUT_SECONDS = 120;
  private static final Map<Path, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

  private Kustomize() {}

  /** The objects the kustomization in {@code relativeDir} renders to; rendered once per run. */
  static List<JsonNode> render(String relativeDir) {
    return RENDERED.computeIfAbsent(Repo.path(relativeDir).normalize(), Kustomize::run);
  }

  /** KUBECTL in the environment wins over the build's -Dkubectl, so one can try another version. */
  static String kubectl() {
    String fromEnv = System.getenv("KUBECTL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    return System.getProperty("kubectl", "kubectl");
  }

  private static List<JsonNode> run(Path dir) {
    String kubectl = kubectl();
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("kustomize", ".yaml");
      err = Files.createTempFile("kustomize", ".err");
      Process process;
      try {
        process =
            new ProcessBuilder(kubectl, "kustomize", dir.toString())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
      } catch (IOException e) {
        return fail(
            "cannot run '"
                + kubectl
                + "' ("
                + e.getMessage()
                + "): the deploy checks need kubectl on the PATH (or KUBECTL=/path/to/kubectl);"
                + " .ci/run installs Debian's kubernetes-client where it is missing");
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return fail(kubectl + " kustomize " + dir + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        return fail(
            kubectl
                + " kustomize "
                + dir
                + " failed (exit "
                + process.exitValue()
                + "):\n"
                + Files.readString(err));
      }
      List<JsonNode> objects = Repo.parseAll(Files.readString(out), "kubectl kustomize " + dir);
      if (objects.isEmpty()) {
        fail(kubectl + " kustomize " + dir + " rendered nothing");
      }
      return objects;
    } catch (IOException e) {
      return fail("rendering " + dir + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while rendering " + dir);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // A leftover temporary file is harmless.
      }
    }
  }
}
