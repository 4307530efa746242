package io.weft.nm.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.security.LogReaders;
import io.weft.common.tls.PeerIdentity;
import io.weft.common.web.WebRequest;
import io.weft.common.web.WebServer;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who asks the node's web server, and whose logs they may see. With users authenticated every page and REST call
 * needs the cluster's proof (401 without), as on the RM, because even a listing names the node's users, their
 * applications and their log files. An application's log files, and their names, are for its owner, the
 * administrators and the cluster's daemons ({@link LogReaders}).
 */
final class WebCallers {
  static final String USER_PARAM = "user.name";

  private final LogReaders readers;
  private final Function<ApplicationId, Optional<String>> owners;

  /** {@code owners}: the user an application runs as here, while this node still knows it. */
  WebCallers(LogReaders readers, Function<ApplicationId, Optional<String>> owners) {
    this.readers = requireNonNull(readers);
    this.owners = requireNonNull(owners);
  }

  /** {@code handler}, answered only for a caller who proved who they are when the cluster asks for proof. */
  WebServer.Handler guarded(WebServer.Handler handler) {
    return r -> {
      caller(r);
      return handler.handle(r);
    };
  }

  /** The caller; UNAUTHENTICATED without the proof the cluster's authentication asks for. */
  LogReaders.Reader caller(WebRequest r) {
    return readers.reader(new LogReaders.Proof(r.peerCertificates().stream().findFirst().flatMap(PeerIdentity::of),
        Optional.ofNullable(r.header("Authorization", null)), Optional.ofNullable(r.query(USER_PARAM, null))));
  }

  boolean mayReadLogs(LogReaders.Reader caller, ApplicationId app) {
    return readers.mayRead(caller, owners.apply(app));
  }

  /**
   * 401 without proof, 403 naming the user, the application and its owner when the caller may not read its logs;
   * the owner of an application this node has forgotten is not known here, so then only the administrators and the
   * daemons may.
   */
  void requireReadLogs(WebRequest r, ApplicationId app) {
    if (readers.enforced()) {
      readers.requireRead(caller(r), app.toString(), owners.apply(app));
    }
  }
}
