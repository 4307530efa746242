package io.weft.jobserver.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A validated submission: the entry class, its arguments, whether it gets classes of its own, the uploaded jar
 * (stored in the server's jar directory) when there is one, and who sent it.
 */
record JobRequest(String className, List<String> args, boolean isolated, Optional<Path> jar, String user) {
  JobRequest {
    requireNonNull(className, "className");
    args = List.copyOf(args);
    requireNonNull(jar, "jar");
    requireNonNull(user, "user");
  }
}
