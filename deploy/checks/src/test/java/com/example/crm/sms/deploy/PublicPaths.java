package com.example.crm.sms.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
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
}
