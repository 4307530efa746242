package io.weft.nm.localize;

import static java.util.Objects.requireNonNull;

import io.weft.common.archive.Archives;
import io.weft.common.id.ContainerId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Places a container's resources in its working dir: {@code staging:} through the file cache
 * (symlinked), {@code file:} copied, {@code http(s):} downloaded, {@code local:} symlinked. Size
 * and digest are checked when given; archives are unpacked into a directory of the link name.
 */
public final class Localizer {
  private static final Logger LOG = LogManager.getLogger();

  private final FileCache cache;
  private final HttpClient http;
  private final Duration fetchTimeout;

  public Localizer(Path localDir, StagedFileSource staging, HttpClient http, Duration fetchTimeout) {
    this.cache = new FileCache(localDir.resolve("filecache"), staging);
    this.http = requireNonNull(http);
    this.fetchTimeout = requireNonNull(fetchTimeout);
  }

  /** Localizes every resource, reading {@code file:} ones with the NodeManager's rights. */
  public void localize(ContainerId id, Map<String, LocalResourceSpec> resources, Path workDir) {
    localize(id, resources, workDir, FileCopier.AS_NODE);
  }

  /**
   * Localizes every resource or throws a {@link LocalizationException} naming the first that failed;
   * {@code file:} resources are read through {@code files} (with the container user's rights).
   */
  public void localize(ContainerId id, Map<String, LocalResourceSpec> resources, Path workDir, FileCopier files) {
    for (Map.Entry<String, LocalResourceSpec> e : new TreeMap<>(resources).entrySet()) {
      String link = e.getKey();
      LocalResourceSpec spec = e.getValue();
      try {
        requireValidLink(link);
        localizeOne(id, link, spec, workDir, files);
        LOG.info("{} localized {} as {}", id, spec.uri(), link);
      } catch (IOException | RuntimeException failure) {
        String why = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        if (failure instanceof java.nio.file.NoSuchFileException) {
          why = "no such file " + why;
        }
        throw new LocalizationException("cannot localize resource '" + link + "' (" + spec.uri() + ") for " + id
            + ": " + why, failure);
      }
    }
  }

  private void localizeOne(ContainerId id, String link, LocalResourceSpec spec, Path workDir, FileCopier files)
      throws IOException {
    String uri = spec.uri();
    int colon = uri.indexOf(':');
    String scheme = colon < 0 ? "" : uri.substring(0, colon);
    Path target = workDir.resolve(link);
    switch (scheme) {
      case "staging" -> {
        String sha = uri.substring(colon + 1);
        if (!spec.sha256().isEmpty() && !spec.sha256().equals(sha)) {
          throw new LocalizationException("its sha256 " + spec.sha256() + " contradicts the uri");
        }
        Path cached = cache.get(id, sha);
        check(cached, spec);
        place(cached, target, spec, true);
      }
      case "file" -> {
        // Copied first, then checked: the copy is what the container gets, read with the rights it was read with.
        Path copy = workDir.resolve("." + link + ".download");
        try {
          files.copy(Path.of(URI.create(uri)), copy);
          check(copy, spec);
          place(copy, target, spec, false);
        } finally {
          Files.deleteIfExists(copy);
        }
      }
      case "http", "https" -> {
        Path download = workDir.resolve("." + link + ".download");
        try {
          download(uri, download);
          check(download, spec);
          place(download, target, spec, false);
        } finally {
          Files.deleteIfExists(download);
        }
      }
      case "local" -> {
        Path source = Path.of(uri.substring(colon + 1));
        if (!source.isAbsolute()) {
          throw new LocalizationException("a local: resource needs an absolute path");
        }
        check(source, spec);
        Files.createSymbolicLink(target, source);
      }
      default -> throw new LocalizationException(
          "unsupported scheme '" + scheme + "' (expected staging:, file:, http(s): or local:)");
    }
  }

  private void download(String uri, Path target) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(fetchTimeout).GET().build();
    try {
      HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(target));
      if (response.statusCode() / 100 != 2) {
        throw new LocalizationException("HTTP GET answered " + response.statusCode());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalizationException("interrupted while downloading");
    }
  }

  private static void place(Path source, Path target, LocalResourceSpec spec, boolean shared) throws IOException {
    if (spec.type() == LocalResourceSpec.Type.ARCHIVE) {
      Archives.unpack(source, target);
    } else if (shared) {
      Files.createSymbolicLink(target, source);
    } else if (source.getFileName().toString().endsWith(".download")) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.copy(source, target);
    }
  }

  private static void check(Path file, LocalResourceSpec spec) throws IOException {
    if (!Files.exists(file)) {
      throw new LocalizationException("no such file " + file);
    }
    if (spec.size() > 0 && Files.isRegularFile(file) && Files.size(file) != spec.size()) {
      throw new LocalizationException("its size is " + Files.size(file) + " bytes, expected " + spec.size());
    }
    if (!spec.sha256().isEmpty() && Files.isRegularFile(file)) {
      String actual = Digests.sha256(file);
      if (!actual.equals(spec.sha256())) {
        throw new LocalizationException("its content has sha256 " + actual + ", expected " + spec.sha256());
      }
    }
  }

  private static void requireValidLink(String link) {
    if (link.isEmpty() || link.contains("/") || link.equals(".") || link.equals("..") || link.contains("\0")) {
      throw new LocalizationException("link name must be a plain file name");
    }
  }
}
