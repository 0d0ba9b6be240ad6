package com.example.crm.sms.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What may be reachable from outside: "path PathType" (Ingress terms) to the service behind it. */
final class PublicPaths {

  private PublicPaths() {}

  static Map<String, String> expected() {
    Map<String, String> expected = new TreeMap<>();
    for (PlatformService service : PlatformService.values()) {
      for (String path : service.publicPaths) {
        expected.put(path + (path.startsWith("/twilio/") ? " Exact" : " Prefix"), service.id);
      }
      // And every /api resource the service's code declares: a new one is published on purpose,
      // in the Ingress and the Caddyfile, or the build fails.
      for (String root : apiRootsInCode(service)) {
        expected.put(root + " Prefix", service.id);
      }
    }
    // The console: "/" itself, then each top-level file (Exact) and folder (Prefix) of the static
    // files the contacts service serves. Not a "/" prefix, which would also publish /q/*.
    expected.put("/ Exact", PlatformService.CONTACTS.id);
    Path console = Repo.path("contacts-service/src/main/resources/META-INF/resources");
    if (Files.isDirectory(console)) {
      try (Stream<Path> entries = Files.list(console)) {
        entries.forEach(
            e ->
                expected.put(
                    "/" + e.getFileName() + (Files.isDirectory(e) ? " Prefix" : " Exact"),
                    PlatformService.CONTACTS.id));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return expected;
  }

  private static final Pattern API_PATH = Pattern.compile("@Path\\(\"(/api/[^/\"{]+)");

  /** "/api/x" of each {@code @Path("/api/x...")} in the service's main code. */
  static Set<String> apiRootsInCode(PlatformService service) {
    Set<String> roots = new TreeSet<>();
    Path code = Repo.path(service.id + "/src/main/java");
    if (!Files.isDirectory(code)) {
      return roots;
    }
    try (Stream<Path> files = Files.walk(code)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = API_PATH.matcher(Files.readString(file));
        while (m.find()) {
          roots.add(m.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return roots;
  }
}
