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
import io.weft.common.security.AuthHeaders;
import io.weft.common.security.LogReaders;
import io.weft.common.tls.CertRole;
import io.weft.common.tls.CertificateNames;
import io.weft.common.tls.PeerIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * Who may write and read the log store.
 *
 * <p>Writes: without TLS anyone who reaches the port (as with the cluster's other plaintext services). With TLS only
 * a caller whose certificate of the cluster CA says {@code resourcemanager} (anything) or {@code nodemanager}: a
 * NodeManager only its own node's file of an application ({@link NodeFileNames}) and the driver's event log it
 * uploads for the AM it ran. A stranger cannot plant, overwrite or delete an application's logs, and one node's
 * certificate cannot overwrite another node's.
 *
 * <p>Reads ({@link LogReaders}): the application's owner and the administrators, once users are authenticated
 * (the CN of a user certificate with tls; with token the user the RM says the caller's bearer token belongs to) or
 * {@code weft.acl.enable} is set (the claimed {@code weft-user}); the daemons' certificates read everything. The
 * owner is what the application's NodeManagers said it runs as (the container token's submitter, which the RM
 * signed), recorded in {@code owners/<application>} beside the store: it outlives the RM's memory of the
 * application, as the logs do.
 */
public final class LogStoreAccess implements ServerInterceptor {
  private static final Context.Key<Caller> CALLER = Context.key("weft.log-store-caller");

  /** {@code tls}: TLS is on; {@code readers}: who may read; {@code ownersDir}: where owners are recorded. */
  public record Settings(boolean tls, LogReaders readers, Path ownersDir) {
    public Settings {
      requireNonNull(readers);
      requireNonNull(ownersDir);
    }
  }

  /** The peer of a call: its certificate (and the names it carries), what it presented, where it comes from. */
  public record Caller(Optional<PeerIdentity> peer, Optional<CertificateNames> names, LogReaders.Proof proof,
      SocketAddress address) {
    @Override
    public String toString() {
      return peer.map(PeerIdentity::toString).orElse("a caller without a certificate");
    }

    boolean is(CertRole role) {
      return peer.map(p -> p.is(role)).orElse(false);
    }
  }

  private final Settings settings;

  public LogStoreAccess(Settings settings) {
    this.settings = requireNonNull(settings);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    Optional<X509Certificate> certificate = PeerIdentity.certificate(session);
    Optional<PeerIdentity> peer = certificate.flatMap(PeerIdentity::of);
    Caller caller = new Caller(peer, certificate.map(CertificateNames::of), new LogReaders.Proof(peer,
        Optional.ofNullable(headers.get(AuthHeaders.AUTHORIZATION)), Optional.ofNullable(headers.get(AuthHeaders.USER))),
        call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
  }

  /** The caller of the current call (a caller without identity outside one). */
  Caller caller() {
    Caller caller = CALLER.get();
    return caller == null ? new Caller(Optional.empty(), Optional.empty(), new LogReaders.Proof(Optional.empty(),
        Optional.empty(), Optional.empty()), null) : caller;
  }

  void checkWrite(Caller caller, ApplicationId app, String name) {
    if (!settings.tls() || caller.is(CertRole.RESOURCEMANAGER)) {
      return;
    }
    if (caller.is(CertRole.NODEMANAGER)) {
      NodeFileNames.refusal(name, caller.names().orElseThrow(), caller.address()).ifPresent(why -> {
        throw WeftException.permissionDenied("writing " + app + "/" + name + " to the log store: " + why);
      });
      return;
    }
    throw caller.peer().isEmpty()
        ? WeftException.unauthenticated("writing " + app + "/" + name + " to the log store needs a NodeManager's "
            + "certificate of the cluster CA (role nodemanager); the caller presented none")
        : WeftException.permissionDenied("writing " + app + "/" + name + " to the log store needs a certificate "
            + "with role nodemanager; the caller's is " + caller);
  }

  /** Deleting all of an application's files: the RM's certificate, or the history server itself (retention). */
  void checkDelete(Caller caller, ApplicationId app) {
    if (!settings.tls() || caller.is(CertRole.RESOURCEMANAGER)) {
      return;
    }
    throw caller.peer().isEmpty()
        ? WeftException.unauthenticated("deleting the logs of " + app + " needs a ResourceManager's certificate of "
            + "the cluster CA; the caller presented none")
        : WeftException.permissionDenied("deleting the logs of " + app + " needs a certificate with role "
            + "resourcemanager; the caller's is " + caller);
  }

  /** Who reads: UNAUTHENTICATED without the proof the cluster's authentication asks for. */
  LogReaders.Reader reader(Caller caller) {
    return settings.readers().reader(caller.proof());
  }

  void checkRead(Caller caller, ApplicationId app) {
    settings.readers().requireRead(reader(caller), app.toString(), owner(app));
  }

  boolean mayRead(LogReaders.Reader reader, ApplicationId app) {
    return settings.readers().mayRead(reader, owner(app));
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
