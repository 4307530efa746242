package io.weft.rm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.weft.common.security.AuthHeaders;
import io.weft.common.security.Authentication;
import io.weft.common.web.WebRequest;
import io.weft.rm.rpc.CallerInterceptor;
import io.weft.rm.store.InMemoryStateStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * weft.security.authentication=tls: the caller is the CN of the client certificate, read by the RM's
 * CallerInterceptor over a real mutual-TLS gRPC connection (certificates made here with Bouncy Castle).
 */
class TlsCallerTest {
  private static final MethodDescriptor<String, String> WHO_AM_I = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Who/AmI")
      .setRequestMarshaller(new Text()).setResponseMarshaller(new Text()).build();

  static KeyPair caKeys;
  static X509Certificate ca;
  static KeyPair serverKeys;
  static X509Certificate server;
  static KeyPair aliceKeys;
  static X509Certificate alice;

  private Server grpc;
  private ManagedChannel channel;

  @BeforeAll
  static void makeCertificates() throws Exception {
    caKeys = keys();
    ca = certificate("CN=Weft test CA,O=Weft", caKeys, "CN=Weft test CA,O=Weft", caKeys, true);
    serverKeys = keys();
    server = certificate("CN=rm,OU=resourcemanager,O=Weft", serverKeys, "CN=Weft test CA,O=Weft", caKeys, false);
    aliceKeys = keys();
    alice = certificate("CN=alice,OU=user,O=Weft", aliceKeys, "CN=Weft test CA,O=Weft", caKeys, false);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (grpc != null) {
      grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
      boolean isCa) throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
        BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.HOURS)),
        Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name(subject), subjectKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (!isCa) {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    }
    return new JcaX509CertificateConverter().getCertificate(builder.build(
        new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  /** A TLS server that asks for (but does not require) a client certificate, answering who the RM says calls. */
  private int serve(Authentication mode) throws Exception {
    Authenticator authenticator = new Authenticator(mode, new UserTokens(new InMemoryStateStore(), Clock.systemUTC()));
    ServerServiceDefinition who = ServerServiceDefinition.builder("test.Who").addMethod(WHO_AM_I,
        ServerCalls.asyncUnaryCall((String request, io.grpc.stub.StreamObserver<String> out) -> {
          out.onNext(CallerInterceptor.user());
          out.onCompleted();
        })).build();
    grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(serverKeys.getPrivate(), server),
            SslProvider.JDK).trustManager(ca).clientAuth(ClientAuth.OPTIONAL).build())
        .addService(ServerInterceptors.intercept(who, new CallerInterceptor(authenticator)))
        .build().start();
    return grpc.getPort();
  }

  private String call(int port, boolean withCertificate, String claimedUser) throws Exception {
    SslContextBuilder tls = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK).trustManager(ca);
    if (withCertificate) {
      tls.keyManager(aliceKeys.getPrivate(), alice);
    }
    Metadata claim = new Metadata();
    claim.put(AuthHeaders.USER, claimedUser);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(tls.build()).overrideAuthority("localhost")
        .intercept(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(claim)).build();
    return ClientCalls.blockingUnaryCall(channel, WHO_AM_I, CallOptions.DEFAULT.withDeadlineAfter(10,
        TimeUnit.SECONDS), "who?");
  }

  @Test
  void grpcCaller_isTheCertificatesCn_notTheClaimedUser() throws Exception {
    assertThat(call(serve(Authentication.TLS), true, "bob")).isEqualTo("alice");
  }

  @Test
  void grpcCaller_withoutACertificate_isUnauthenticated() throws Exception {
    int port = serve(Authentication.TLS);
    assertThatThrownBy(() -> call(port, false, "bob")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(e.getStatus().getDescription()).contains("no client certificate");
    });
  }

  @Test
  void simpleAuthentication_overTheSameConnection_takesTheClaim() throws Exception {
    assertThat(call(serve(Authentication.SIMPLE), true, "bob")).isEqualTo("bob");
  }

  @Test
  void webCaller_isTheCertificatesCn_andUserNameIsIgnored() {
    Authenticator authenticator = new Authenticator(Authentication.TLS,
        new UserTokens(new InMemoryStateStore(), Clock.systemUTC()));
    WebRequest withCertificate = new WebRequest("GET", "/ws/v1/cluster/apps", Map.of(),
        Map.of("user.name", List.of("bob")), new byte[0], Map.of(), List.of(alice));
    Caller caller = authenticator.webCaller(withCertificate, r -> Optional.empty());
    assertThat(caller).isEqualTo(new Caller("alice", Caller.Proof.CERTIFICATE));
    assertThat(caller.ambient()).as("a browser sends its certificate to any site's requests").isTrue();

    WebRequest without = new WebRequest("GET", "/ws/v1/cluster/apps", Map.of(), Map.of("user.name", List.of("bob")),
        new byte[0]);
    assertThatThrownBy(() -> authenticator.webCaller(without, r -> Optional.empty()))
        .hasMessageContaining("no client certificate");
  }

  private static final class Text implements MethodDescriptor.Marshaller<String> {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
