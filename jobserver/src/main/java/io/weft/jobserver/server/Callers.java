package io.weft.jobserver.server;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.WeftException;
import io.weft.common.security.Authentication;
import io.weft.common.tls.PeerIdentity;
import io.weft.common.web.WebRequest;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who calls the job server, as Weft's other web servers take it (docs/security.md): {@code ?user.name=} with
 * simple authentication, the client certificate's CN with tls. The job server cannot check the RM's bearer
 * tokens, so with token authentication it asks for a client certificate too. With {@code weft.acl.enable} (always
 * once users are authenticated) a job's result, error and log are for its owner, the server's owner and the
 * users of {@code weft.admin.acl} only.
 */
final class Callers {
  static final String USER_PARAM = "user.name";
  static final String ANONYMOUS = "dr.who";

  private final Authentication authentication;
  private final boolean enforced;
  private final boolean everyoneAdmin;
  private final Set<String> admins;

  Callers(Authentication authentication, boolean aclEnable, String adminAcl, String serverOwner) {
    this.authentication = requireNonNull(authentication);
    this.enforced = aclEnable || authentication.verifiesUsers();
    String acl = adminAcl.strip();
    this.everyoneAdmin = acl.equals("*");
    Set<String> users = new TreeSet<>();
    for (String user : acl.split(",")) {
      if (!user.isBlank()) {
        users.add(user.strip());
      }
    }
    users.add(requireNonNull(serverOwner));
    this.admins = Set.copyOf(users);
  }

  static Callers from(WeftConfig config, String serverOwner) {
    return new Callers(Authentication.of(config),
        Boolean.parseBoolean(config.raw("weft.acl.enable").orElse("false").strip()),
        config.raw("weft.admin.acl").orElse(""), serverOwner);
  }

  /** The calling user; UNAUTHENTICATED (401) without the proof the cluster's authentication asks for. */
  String user(WebRequest r) {
    if (authentication == Authentication.SIMPLE) {
      return Optional.ofNullable(r.query(USER_PARAM, null)).map(String::strip).filter(u -> !u.isEmpty())
          .orElse(ANONYMOUS);
    }
    return r.peerCertificates().stream().findFirst().flatMap(PeerIdentity::of).map(PeerIdentity::name)
        .orElseThrow(() -> WeftException.unauthenticated("no client certificate was presented; the job server knows"
            + " its users by certificate (weft.security.authentication=" + authentication.name().toLowerCase(
                java.util.Locale.ROOT) + ")"));
  }

  /** Whether {@code user} may see the result, error and log of a job {@code owner} submitted, and cancel it. */
  boolean mayAccess(String user, String owner) {
    return !enforced || everyoneAdmin || user.equals(owner) || admins.contains(user);
  }

  void requireAccess(String user, JobRecord job) {
    if (!mayAccess(user, job.request().user())) {
      throw WeftException.permissionDenied("user " + user + " may not see or cancel " + job.id() + ": only its owner ("
          + job.request().user() + ") and the administrators of weft.admin.acl may");
    }
  }
}
