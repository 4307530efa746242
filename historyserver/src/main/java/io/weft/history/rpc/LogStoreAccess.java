package io.weft.history.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.WeftException;
import io.weft.common.tls.CertRole;
import io.weft.common.tls.PeerIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Who may write and read the log store.
 *
 * <p>Writes: without TLS anyone who reaches the port (as with the cluster's other plaintext services). With TLS only
 * a caller whose certificate of the cluster CA says {@code nodemanager} or {@code resourcemanager}: a stranger
 * cannot plant, overwrite or delete an application's logs.
 *
 * <p>Reads: with {@code weft.security.authentication=tls}, only a caller with a certificate that is a daemon's, an
 * administrator's ({@link Settings#admins}) or the application's owner's (the user its NodeManagers said it runs
 * as, recorded in {@code owners/<application>} beside the store). With simple or token authentication anyone who
 * may connect (the history server cannot verify the RM's bearer tokens; see docs/security.md).
 */
public final class LogStoreAccess implements ServerInterceptor {
  private static final Context.Key<Caller> CALLER = Context.key("weft.log-store-caller");

  /**
   * {@code tls}: TLS is on; {@code usersByCertificate}: weft.security.authentication=tls; {@code admins}: the
   * users of weft.admin.acl ({@code everyone} for *); {@code ownersDir}: where owners are recorded.
   */
  public record Settings(boolean tls, boolean usersByCertificate, boolean everyoneAdmin, Set<String> admins,
      Path ownersDir) {
    public Settings {
      admins = Set.copyOf(admins);
      requireNonNull(ownersDir);
    }
  }

  /** The peer of a call: its certificate's identity, if it presented one. */
  public record Caller(Optional<PeerIdentity> peer) {
    @Override
    public String toString() {
      return peer.map(PeerIdentity::toString).orElse("a caller without a certificate");
    }

    boolean isDaemon() {
      return peer.map(p -> p.is(CertRole.NODEMANAGER) || p.is(CertRole.RESOURCEMANAGER)).orElse(false);
    }
  }

  private final Settings settings;

  public LogStoreAccess(Settings settings) {
    this.settings = requireNonNull(settings);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Caller caller = new Caller(PeerIdentity.of(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
    return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
  }

  /** The caller of the current call (a caller without identity outside one). */
  Caller caller() {
    Caller caller = CALLER.get();
    return caller == null ? new Caller(Optional.empty()) : caller;
  }

  void checkWrite(Caller caller, ApplicationId app, String name) {
    if (!settings.tls() || caller.isDaemon()) {
      return;
    }
    throw caller.peer().isEmpty()
        ? WeftException.unauthenticated("writing " + app + "/" + name + " to the log store needs a NodeManager's "
            + "certificate of the cluster CA (role nodemanager); the caller presented none")
        : WeftException.permissionDenied("writing " + app + "/" + name + " to the log store needs a certificate "
            + "with role nodemanager; the caller's is " + caller);
  }

  void checkRead(Caller caller, ApplicationId app) {
    if (mayRead(caller, app)) {
      return;
    }
    throw caller.peer().isEmpty()
        ? WeftException.unauthenticated("reading the logs of " + app + " needs a certificate of the cluster CA "
            + "(weft.security.authentication=tls); the caller presented none")
        : WeftException.permissionDenied("user " + caller.peer().get().name() + " may not read the logs of " + app
            + ": only its owner" + owner(app).map(o -> " (" + o + ")").orElse("") + " and administrators may");
  }

  boolean mayRead(Caller caller, ApplicationId app) {
    if (!settings.usersByCertificate() || caller.isDaemon() || settings.everyoneAdmin()) {
      return true;
    }
    Optional<String> user = caller.peer().filter(p -> p.is(CertRole.USER)).map(PeerIdentity::name);
    return user.isPresent() && (settings.admins().contains(user.get()) || owner(app).equals(user));
  }

  /** Records that {@code app} runs as {@code owner}, as its NodeManager said. */
  void recordOwner(ApplicationId app, String owner) {
    if (owner.isBlank() || owner(app).filter(owner::equals).isPresent()) {
      return;
    }
    try {
      Files.createDirectories(settings.ownersDir());
      Files.writeString(settings.ownersDir().resolve(app.toString()), owner, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the owner of " + app + ": " + e.getMessage(), e);
    }
  }

  /** Forgets the owner of {@code app} (its files are deleted). */
  public void forget(ApplicationId app) {
    try {
      Files.deleteIfExists(settings.ownersDir().resolve(app.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot forget the owner of " + app + ": " + e.getMessage(), e);
    }
  }

  private Optional<String> owner(ApplicationId app) {
    Path file = settings.ownersDir().resolve(app.toString());
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
