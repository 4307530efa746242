package io.weft.history;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;
import io.weft.common.security.Authentication;
import io.weft.common.security.BearerTokens;
import io.weft.common.tls.CertRole;
import io.weft.common.tls.PeerIdentity;
import io.weft.common.web.WebRequest;
import java.util.Optional;
import java.util.Set;

/**
 * Who calls the history server's web pages, and whether they may see an application: as on the RM's console, its
 * owner (the user its event log records) and {@code weft.admin.acl}, checked when {@code weft.acl.enable} is set and
 * always once users are authenticated. The caller is {@code ?user.name=} with simple authentication, the CN of the
 * client certificate with tls, and the user the RM says an {@code Authorization: Bearer} token belongs to with token.
 * The certificates of the cluster's daemons see every application: the RM's proxy asks here whether an event log
 * exists before it sends a browser over.
 */
final class WebViewers {
  static final String USER_PARAM = "user.name";
  static final String ANONYMOUS = "dr.who";

  /** The admins of weft.admin.acl ({@code everyone} for *). */
  record Admins(boolean everyone, Set<String> users) {
    Admins {
      users = Set.copyOf(users);
    }

    boolean allow(String user) {
      return everyone || users.contains(user);
    }
  }

  /** A caller: a user, or one of the cluster's daemons. */
  record Viewer(String user, boolean daemon) {}

  private final Authentication authentication;
  private final boolean enforced;
  private final Admins admins;
  private final BearerTokens tokens;

  WebViewers(Authentication authentication, boolean aclEnable, Admins admins, BearerTokens tokens) {
    this.authentication = requireNonNull(authentication);
    this.enforced = aclEnable || authentication.verifiesUsers();
    this.admins = requireNonNull(admins);
    this.tokens = requireNonNull(tokens);
  }

  /** Who makes {@code r}; UNAUTHENTICATED (401) without the proof the cluster's authentication asks for. */
  Viewer viewer(WebRequest r) {
    return switch (authentication) {
      case SIMPLE -> new Viewer(Optional.ofNullable(r.query(USER_PARAM, null)).map(String::strip)
          .filter(u -> !u.isEmpty()).orElse(ANONYMOUS), false);
      case TLS -> {
        PeerIdentity peer = r.peerCertificates().stream().findFirst().flatMap(PeerIdentity::of)
            .orElseThrow(() -> WeftException.unauthenticated("no client certificate was presented; this history "
                + "server knows its users by certificate (weft.security.authentication=tls)"));
        yield new Viewer(peer.name(), peer.is(CertRole.RESOURCEMANAGER) || peer.is(CertRole.NODEMANAGER));
      }
      case TOKEN -> {
        Optional<PeerIdentity> daemon = r.peerCertificates().stream().findFirst().flatMap(PeerIdentity::of)
            .filter(p -> p.is(CertRole.RESOURCEMANAGER) || p.is(CertRole.NODEMANAGER));
        yield daemon.map(p -> new Viewer(p.name(), true))
            .orElseGet(() -> new Viewer(tokens.userOf(r.header("Authorization", null)), false));
      }
    };
  }

  /** Whether {@code viewer} may see {@code app}'s pages. */
  boolean mayView(Viewer viewer, ApplicationSummary app) {
    return !enforced || viewer.daemon() || viewer.user().equals(app.user()) || admins.allow(viewer.user());
  }

  /** PERMISSION_DENIED (403) naming the user, the application and who may see it, unless the caller may. */
  void requireView(WebRequest r, ApplicationSummary app) {
    Viewer viewer = viewer(r);
    if (!mayView(viewer, app)) {
      throw WeftException.permissionDenied("user " + viewer.user() + " may not view " + app.app() + ": only its "
          + "owner (" + app.user() + ") and the administrators of weft.admin.acl may");
    }
  }
}
