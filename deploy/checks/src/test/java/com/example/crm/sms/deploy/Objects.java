package com.example.crm.sms.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Small accessors over rendered Kubernetes objects. */
final class Objects {

  private static final Set<String> POD_TEMPLATE_KINDS =
      Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");

  private Objects() {}

  static String kind(JsonNode object) {
    return object.path("kind").asText();
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  static String describe(JsonNode object) {
    return kind(object) + "/" + name(object);
  }

  static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(kind(o))).toList();
  }

  static Optional<JsonNode> find(List<JsonNode> objects, String kind, String name) {
    return objects.stream().filter(o -> kind.equals(kind(o)) && name.equals(name(o))).findFirst();
  }

  /** The pod spec of every workload, keyed by "Kind/name". */
  static Map<String, JsonNode> podSpecs(List<JsonNode> objects) {
    Map<String, JsonNode> specs = new LinkedHashMap<>();
    for (JsonNode object : objects) {
      if (POD_TEMPLATE_KINDS.contains(kind(object))) {
        specs.put(describe(object), object.path("spec").path("template").path("spec"));
      } else if ("CronJob".equals(kind(object))) {
        specs.put(
            describe(object),
            object.path("spec").path("jobTemplate").path("spec").path("template").path("spec"));
      } else if ("Pod".equals(kind(object))) {
        specs.put(describe(object), object.path("spec"));
      }
    }
    return specs;
  }

  static List<JsonNode> list(JsonNode arrayOrMissing) {
    List<JsonNode> items = new ArrayList<>();
    arrayOrMissing.forEach(items::add);
    return items;
  }

  static Map<String, String> stringMap(JsonNode mapOrMissing) {
    Map<String, String> map = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = mapOrMissing.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      map.put(field.getKey(), field.getValue().asText());
    }
    return map;
  }

  /** True when every label of the selector is on the pod. */
  static boolean selects(JsonNode matchLabels, Map<String, String> podLabels) {
    Map<String, String> wanted = stringMap(matchLabels);
    return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(podLabels.get(e.getKey())));
  }

  /** A reference names a pinned tag (or a digest), never "latest" and never no tag at all. */
  static Optional<String> imageProblem(String image) {
    if (image == null || image.isBlank()) {
      return Optional.of("no image");
    }
    if (image.contains("@sha256:")) {
      return Optional.empty();
    }
    String lastPart = image.substring(image.lastIndexOf('/') + 1);
    int colon = lastPart.indexOf(':');
    if (colon < 0) {
      return Optional.of(image + " has no tag (that means latest)");
    }
    String tag = lastPart.substring(colon + 1);
    if (tag.isBlank() || tag.equalsIgnoreCase("latest") || tag.contains("${")) {
      return Optional.of(image + " is not pinned to a release tag");
    }
    return Optional.empty();
  }
}
