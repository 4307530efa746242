package io.weft.rm.auth;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.Channels;
import io.weft.common.security.AuthHeaders;
import io.weft.common.security.BearerTokenInterceptor;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.ApplicationSubmissionContext;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.CreateTokenRequest;
import io.weft.proto.GetNewApplicationRequest;
import io.weft.proto.Resource;
import io.weft.proto.SubmitApplicationRequest;
import io.weft.proto.UserTokenServiceGrpc;
import io.weft.rm.ResourceManager;
import io.weft.rm.config.RmKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real ResourceManager (Netty gRPC, Jetty web, RocksDB store) with {@code weft.security.authentication=token}
 * and {@code weft.admin.acl=admin}, whose first token (the admin's) it wrote to {@code admin-token}.
 */
final class TokenRm implements AutoCloseable {
  final Path dir;
  final Map<String, String> conf;
  ResourceManager rm;
  private final List<ManagedChannel> channels = new ArrayList<>();

  TokenRm(Path dir, Map<String, String> extra) {
    this(dir, extra, true);
  }

  /**
   * As {@link TokenRm#TokenRm(Path, Map)}, but with {@code weft.admin.acl} and the bootstrap user unset: the
   * first token, in {@code admin-token}, is then the RM's OS user's.
   */
  static TokenRm withDefaultAdministrators(Path dir) {
    return new TokenRm(dir, Map.of(), false);
  }

  private TokenRm(Path dir, Map<String, String> extra, boolean namedAdmin) {
    this.dir = dir;
    Map<String, String> values = new LinkedHashMap<>();
    values.put(CommonKeys.RM_ADDRESS.key(), "127.0.0.1:0");
    values.put(CommonKeys.RM_WEBAPP_ADDRESS.key(), "127.0.0.1:0");
    values.put(RmKeys.STAGING_DIR.key(), dir.resolve("staging").toString());
    values.put(RmKeys.STORE_DIR.key(), dir.resolve("rm-state").toString());
    values.put(CommonKeys.SECURITY_AUTHENTICATION.key(), "token");
    if (namedAdmin) {
      values.put(RmKeys.ADMIN_ACL.key(), "admin");
      values.put(RmKeys.TOKEN_BOOTSTRAP_USER.key(), "admin");
    }
    values.put(RmKeys.TOKEN_BOOTSTRAP_FILE.key(), dir.resolve("admin-token").toString());
    values.put("weft.scheduler.capacity.root.queues", "default,other");
    values.put("weft.scheduler.capacity.root.default.capacity", "50");
    values.put("weft.scheduler.capacity.root.other.capacity", "50");
    values.put("weft.scheduler.capacity.root.default.acl_submit_applications", "*");
    values.put("weft.scheduler.capacity.root.other.acl_submit_applications", "*");
    values.putAll(extra);
    this.conf = Map.copyOf(values);
    start();
  }

  void start() {
    rm = new ResourceManager(WeftConfig.of(conf));
    rm.start();
  }

  /** Stops the RM and starts another on the same state store (and the same ports: new ephemeral ones). */
  void restart() {
    rm.close();
    start();
  }

  String adminToken() throws IOException {
    return Files.readString(dir.resolve("admin-token")).strip();
  }

  /** A channel to the RM as Channels makes it (it claims this process's user in weft-user), with no token. */
  Channel anonymous() {
    ManagedChannel channel = Channels.forAddress(rm.address());
    channels.add(channel);
    return channel;
  }

  Channel withToken(String token) {
    return ClientInterceptors.intercept(anonymous(), new BearerTokenInterceptor(token));
  }

  /** With a token and a claimed {@code weft-user} header naming someone else. */
  Channel withTokenClaiming(String token, String claimedUser) {
    Metadata claim = new Metadata();
    claim.put(AuthHeaders.USER, claimedUser);
    ManagedChannel raw = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress(rm.address().host(),
        rm.address().port()).usePlaintext().build();
    channels.add(raw);
    return ClientInterceptors.intercept(raw, MetadataUtils.newAttachHeadersInterceptor(claim),
        new BearerTokenInterceptor(token));
  }

  ApplicationClientServiceGrpc.ApplicationClientServiceBlockingStub client(Channel channel) {
    return ApplicationClientServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  String issue(String user) throws IOException {
    return UserTokenServiceGrpc.newBlockingStub(withToken(adminToken())).withDeadlineAfter(10, TimeUnit.SECONDS)
        .createToken(CreateTokenRequest.newBuilder().setUser(user).build()).getToken();
  }

  /** Submits an application whose request claims user {@code claimedOwner}; returns its id. */
  String submit(Channel channel, String claimedOwner) {
    String id = client(channel).getNewApplication(GetNewApplicationRequest.getDefaultInstance()).getApplicationId();
    client(channel).submitApplication(SubmitApplicationRequest.newBuilder().setSubmissionContext(
        ApplicationSubmissionContext.newBuilder().setApplicationId(id).setName("sleeper").setQueue("default")
            .setUser(claimedOwner).setApplicationType("WEFT")
            .setAmResource(Resource.newBuilder().setMemoryMb(1024).setVcores(1))
            .setAmContainerSpec(ContainerLaunchContext.newBuilder().addCommand("sleep").addCommand("600")))
        .build());
    return id;
  }

  String webBase() {
    return "http://" + rm.webAddress();
  }

  @Override
  public void close() {
    channels.forEach(Channels::close);
    if (rm != null) {
      rm.close();
    }
  }
}
