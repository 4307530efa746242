package io.weft.common.security;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.WeftException;
import io.weft.common.tls.CertRole;
import io.weft.common.tls.PeerIdentity;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may read an application's container logs where the RM is not the one asked: the history server's log store
 * and the NodeManagers' log pages. As the RM's {@code AppPermissions} decides for viewing (its console, its log
 * pages): the application's owner and the administrators of {@code weft.admin.acl}, checked once users are
 * authenticated and, with simple authentication, when {@code weft.acl.enable} is set; the certificates of the
 * cluster's daemons (RM, NodeManagers) read everything. The caller is the CN of a client certificate (tls), the
 * user the RM says a bearer token belongs to (token, {@link BearerTokens}), or the user it claims (simple).
 */
public final class LogReaders {
  /** Declared by the RM (RmKeys.ADMIN_ACL), read the same way here. */
  public static final String ADMIN_ACL_KEY = "weft.admin.acl";
  /** Declared by the RM (RmKeys.ACL_ENABLE). */
  public static final String ACL_ENABLE_KEY = "weft.acl.enable";
  public static final String ANONYMOUS = "dr.who";

  /** The users of weft.admin.acl ({@code everyone} for *). */
  public record Admins(boolean everyone, Set<String> users) {
    public Admins {
      users = Set.copyOf(users);
    }

    /** weft.admin.acl as the RM reads it: unset = everyone with simple, the daemon's own OS user otherwise. */
    public static Admins of(WeftConfig config, Authentication authentication) {
      String acl = config.raw(ADMIN_ACL_KEY).orElse(
          authentication.verifiesUsers() ? AuthHeaders.localUser() : "*").strip();
      Set<String> users = new TreeSet<>();
      for (String user : acl.split(",")) {
        if (!user.isBlank()) {
          users.add(user.strip());
        }
      }
      return new Admins(acl.equals("*"), users);
    }

    public boolean allow(String user) {
      return everyone || users.contains(user);
    }
  }

  /** How a server that is not the RM knows callers: the cluster's authentication, weft.acl.enable, the admins. */
  public record Settings(Authentication authentication, boolean aclEnable, Admins admins) {
    public Settings {
      requireNonNull(authentication);
      requireNonNull(admins);
    }

    /** As the RM reads the same keys. */
    public static Settings of(WeftConfig config) {
      Authentication authentication = Authentication.of(config);
      return new Settings(authentication, LogReaders.aclEnable(config), Admins.of(config, authentication));
    }
  }

  /** A caller: a user, or one of the cluster's daemons (by its certificate). */
  public record Reader(String user, boolean daemon) {}

  /** What a caller presented: its certificate, its {@code Authorization} header, the user it claims. */
  public record Proof(Optional<PeerIdentity> certificate, Optional<String> authorization, Optional<String> claimed) {
    public Proof {
      requireNonNull(certificate);
      requireNonNull(authorization);
      requireNonNull(claimed);
    }
  }

  private final Authentication authentication;
  private final boolean enforced;
  private final Admins admins;
  private final BearerTokens tokens;

  /** {@code tokens}: asks the RM whose a bearer token is (with token authentication; else {@link BearerTokens#none()}). */
  public LogReaders(Settings settings, BearerTokens tokens) {
    this(settings.authentication(), settings.aclEnable(), settings.admins(), tokens);
  }

  public LogReaders(Authentication authentication, boolean aclEnable, Admins admins, BearerTokens tokens) {
    this.authentication = requireNonNull(authentication);
    this.enforced = aclEnable || authentication.verifiesUsers();
    this.admins = requireNonNull(admins);
    this.tokens = requireNonNull(tokens);
  }

  /** weft.acl.enable as the RM reads it. */
  public static boolean aclEnable(WeftConfig config) {
    return config.raw(ACL_ENABLE_KEY).map(v -> Boolean.parseBoolean(v.strip())).orElse(false);
  }

  /** Whether logs are checked at all (ACLs on, or users authenticated). */
  public boolean enforced() {
    return enforced;
  }

  /**
   * Who presented {@code proof}; UNAUTHENTICATED without the proof the cluster's authentication asks for (never
   * when nothing is checked).
   */
  public Reader reader(Proof proof) {
    Optional<PeerIdentity> daemon = proof.certificate()
        .filter(p -> p.is(CertRole.RESOURCEMANAGER) || p.is(CertRole.NODEMANAGER));
    if (daemon.isPresent()) {
      return new Reader(daemon.get().name(), true);
    }
    if (!enforced) {
      return new Reader(proof.claimed().orElse(ANONYMOUS), false);
    }
    return switch (authentication) {
      case SIMPLE -> new Reader(proof.claimed().map(String::strip).filter(u -> !u.isEmpty()).orElse(ANONYMOUS),
          false);
      case TLS -> new Reader(proof.certificate().filter(p -> p.is(CertRole.USER)).map(PeerIdentity::name)
          .orElseThrow(() -> proof.certificate().isEmpty()
              ? WeftException.unauthenticated("reading logs needs a certificate of the cluster CA "
                  + "(weft.security.authentication=tls); the caller presented none")
              : WeftException.permissionDenied("reading logs needs a user's or a daemon's certificate; the caller's "
                  + "is " + proof.certificate().get())), false);
      case TOKEN -> new Reader(tokens.userOf(proof.authorization().orElse(null)), false);
    };
  }

  /** Whether {@code reader} may read the logs of an application of {@code owner} (empty: not known). */
  public boolean mayRead(Reader reader, Optional<String> owner) {
    return !enforced || reader.daemon() || admins.allow(reader.user())
        || owner.filter(reader.user()::equals).isPresent();
  }

  /** PERMISSION_DENIED naming the user, {@code app} and its owner, unless {@code reader} may read its logs. */
  public void requireRead(Reader reader, String app, Optional<String> owner) {
    if (mayRead(reader, owner)) {
      return;
    }
    throw WeftException.permissionDenied("user " + reader.user() + " may not read the logs of " + app + ": only "
        + owner.map(o -> "its owner (" + o + ")").orElse("its owner (not known here)")
        + " and the administrators of weft.admin.acl may");
  }
}
