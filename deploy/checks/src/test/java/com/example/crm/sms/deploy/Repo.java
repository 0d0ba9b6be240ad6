package com.example.crm.sms.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Files of the repository and YAML parsing, shared by the checks. */
final class Repo {

  private static final ObjectMapper YAML = new YAMLMapper();

  private Repo() {}

  /** The repository root: surefire passes it; from an IDE the module folder is two levels down. */
  static Path root() {
    String configured = System.getProperty("repo.root");
    Path root =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of("").toAbsolutePath().resolve("../..");
    root = root.toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("docker-compose.yml"))) {
      fail("repository root not found (no docker-compose.yml in " + root + ")");
    }
    return root;
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + relative, e);
    }
  }

  /** Every document of a (multi-document) YAML text, empty documents left out. */
  static List<JsonNode> parseAll(String yaml, String origin) {
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(yaml)) {
      var values = YAML.readValues(parser, JsonNode.class);
      while (values.hasNext()) {
        JsonNode document = values.next();
        if (document != null && document.isObject()) {
          documents.add(document);
        }
      }
    } catch (IOException e) {
      fail("invalid YAML in " + origin + ": " + e.getMessage());
    }
    return documents;
  }

  /** One YAML (or JSON) document given as text. */
  static JsonNode parseYaml(String text, String origin) {
    List<JsonNode> documents = parseAll(text, origin);
    if (documents.size() != 1) {
      fail(origin + " should hold exactly one document, found " + documents.size());
    }
    return documents.get(0);
  }

  /** A JSON file (the Keycloak realm). */
  static JsonNode parseJson(String relative) {
    try {
      return new ObjectMapper().readTree(read(relative));
    } catch (IOException e) {
      return fail("invalid JSON in " + relative + ": " + e.getMessage());
    }
  }

  static JsonNode parseOne(String relative) {
    List<JsonNode> documents = parseAll(read(relative), relative);
    if (documents.size() != 1) {
      fail(relative + " should hold exactly one YAML document, found " + documents.size());
    }
    return documents.get(0);
  }
}
