package io.weft.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.TlsMismatch;
import io.weft.common.rpc.RpcServer;
import io.weft.common.rpc.WeftException;
import io.weft.common.web.WebResponse;
import io.weft.common.web.WebServer;
import io.weft.common.web.WebTimeouts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS between a real gRPC server and channels, and a real HTTPS web server, with certificates of a real CA. */
class TlsTransportTest {
  @TempDir
  Path dir;

  private CertificateAuthority.Issued server;
  private final AtomicReference<Optional<PeerIdentity>> seen = new AtomicReference<>();
  private RpcServer rpc;

  @BeforeEach
  void startServer() {
    CertificateAuthority ca = CertificateAuthority.init(dir.resolve("ca"), "test-ca");
    server = ca.issue(dir.resolve("ca"), CertRole.RESOURCEMANAGER, "rm", List.of());
    ca.issue(dir.resolve("ca"), CertRole.USER, "alice", List.of());
    CertificateAuthority other = CertificateAuthority.init(dir.resolve("other"), "other-ca");
    other.issue(dir.resolve("other"), CertRole.NODEMANAGER, "intruder", List.of());
    ServerInterceptor recordPeer = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        seen.set(PeerIdentity.of(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
        return next.startCall(call, headers);
      }
    };
    rpc = RpcServer.netty(HostPort.parse("127.0.0.1:0", "test"), daemon("ca", "rm").serverCredentials(),
        List.of(recordPeer), new HealthStatusManager().getHealthService());
    rpc.start();
  }

  @AfterEach
  void stop() {
    rpc.close();
  }

  @Test
  void clientWithCertificate_isKnownToTheServerByItsNameAndRole() {
    assertThat(check(client("ca", "alice"))).isEqualTo(Status.Code.OK);
    assertThat(seen.get()).contains(new PeerIdentity("alice", Optional.of(CertRole.USER)));
  }

  @Test
  void clientWithoutCertificate_isServedButNamesNoOne() {
    assertThat(check(client("ca", null))).isEqualTo(Status.Code.OK);
    assertThat(seen.get()).isEmpty();
  }

  /** The server names the CAs it trusts; a certificate of another one is not even offered, so it proves nothing. */
  @Test
  void clientWithCertificateOfAnotherCa_namesNoOne() {
    assertThat(check(new TlsSettings(true, Optional.of(dir.resolve("other/intruder.pem")),
        Optional.of(dir.resolve("other/intruder.key")), Optional.of(dir.resolve("ca/ca.pem"))))).isEqualTo(Status.Code.OK);
    assertThat(seen.get()).isEmpty();
  }

  @Test
  void clientTrustingAnotherCa_refusesTheServer() {
    assertThat(check(client("other", null))).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(seen.get()).isNull();
  }

  @Test
  void plaintextClient_isNotServed_andToldWhatToSet() {
    StatusRuntimeException refused = failure(TlsSettings.OFF).orElseThrow();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(TlsMismatch.hint(refused)).hasValueSatisfying(
        hint -> assertThat(hint).contains("weft.security.tls.enabled=true"));
    assertThat(seen.get()).isNull();
  }

  @Test
  void webServer_speaksHttpsWithTheDaemonsCertificate() throws Exception {
    WebServer web = WebServer.bind("test", HostPort.parse("127.0.0.1:0", "web"), 2, WebTimeouts.DEFAULT,
        daemon("ca", "rm"));
    try {
      web.get("/hello", r -> WebResponse.json(Map.of("hello", "world"))).start();
      assertThat(web.scheme()).isEqualTo("https");
      HttpClient https = HttpClient.newBuilder().sslContext(client("ca", null).sslContext()).build();
      HttpResponse<String> answer = https.send(HttpRequest.newBuilder(URI.create("https://" + web.address() + "/hello"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.body()).contains("world");
      HttpClient untrusting = HttpClient.newBuilder().sslContext(client("other", null).sslContext()).build();
      assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create("https://" + web.address() + "/hello"))
          .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    } finally {
      web.close();
    }
  }

  @Test
  void configuration_isCheckedWhenRead_namingTheKeyAndTheValue() {
    WeftConfig on = WeftConfig.empty().with(CommonKeys.TLS_ENABLED, true);
    assertThatThrownBy(() -> TlsSettings.of(on)).isInstanceOf(WeftException.class)
        .hasMessageContaining("weft.security.tls.enabled=true needs weft.security.tls.trust");
    WeftConfig missingFile = on.with(CommonKeys.TLS_TRUST, dir.resolve("nope.pem").toString());
    assertThatThrownBy(() -> TlsSettings.of(missingFile)).hasMessageContaining("weft.security.tls.trust=" + dir
        .resolve("nope.pem") + ": no such readable file");
    WeftConfig trustOnly = on.with(CommonKeys.TLS_TRUST, dir.resolve("ca/ca.pem").toString());
    assertThat(TlsSettings.of(trustOnly).cert()).isEmpty();
    assertThatThrownBy(() -> TlsSettings.forDaemon(trustOnly)).hasMessageContaining("a daemon needs its certificate");
    WeftConfig certWithoutKey = trustOnly.with(CommonKeys.TLS_CERT, server.certificate().toString());
    assertThatThrownBy(() -> TlsSettings.of(certWithoutKey)).hasMessageContaining("only weft.security.tls.cert is set");
    WeftConfig keyIsNoKey = certWithoutKey.with(CommonKeys.TLS_KEY, server.certificate().toString());
    assertThatThrownBy(() -> TlsSettings.of(keyIsNoKey)).hasMessageContaining("holds no unencrypted PEM private key");
    assertThat(TlsSettings.of(WeftConfig.empty())).isEqualTo(TlsSettings.OFF);
  }

  private TlsSettings daemon(String caDir, String name) {
    return new TlsSettings(true, Optional.of(dir.resolve(caDir).resolve(name + ".pem")),
        Optional.of(dir.resolve(caDir).resolve(name + ".key")), Optional.of(dir.resolve(caDir).resolve("ca.pem")));
  }

  private TlsSettings client(String trustedCaDir, String user) {
    return user == null
        ? new TlsSettings(true, Optional.empty(), Optional.empty(), Optional.of(dir.resolve(trustedCaDir).resolve("ca.pem")))
        : daemon(trustedCaDir, user);
  }

  private Status.Code check(TlsSettings tls) {
    return failure(tls).map(e -> e.getStatus().getCode()).orElse(Status.Code.OK);
  }

  private Optional<StatusRuntimeException> failure(TlsSettings tls) {
    ManagedChannel channel = Channels.forAddress(rpc.address(), tls.channelCredentials());
    try {
      HealthGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
      return Optional.empty();
    } catch (StatusRuntimeException e) {
      return Optional.of(e);
    } finally {
      Channels.close(channel);
    }
  }
}
