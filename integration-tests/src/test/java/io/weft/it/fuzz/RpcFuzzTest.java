package io.weft.it.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.weft.client.AppSubmission;
import io.weft.client.WeftClient;
import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.Channels;
import io.weft.common.security.AuthHeaders;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.ApplicationMasterServiceGrpc;
import io.weft.proto.ApplicationSubmissionContext;
import io.weft.proto.Container;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.ContainerManagementServiceGrpc;
import io.weft.proto.FetchStagedFileRequest;
import io.weft.proto.GetApplicationAttemptsRequest;
import io.weft.proto.GetApplicationReportRequest;
import io.weft.proto.GetContainerStatusesRequest;
import io.weft.proto.GetContainersRequest;
import io.weft.proto.GetQueueInfoRequest;
import io.weft.proto.KillApplicationRequest;
import io.weft.proto.MoveApplicationAcrossQueuesRequest;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.NodeStatus;
import io.weft.proto.ReadContainerLogRequest;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.Resource;
import io.weft.proto.ResourceRequest;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import io.weft.proto.ResourceTrackerServiceGrpc;
import io.weft.proto.StagedFileHeader;
import io.weft.proto.StagingServiceGrpc;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.StartContainersRequest;
import io.weft.proto.StatStagedFileRequest;
import io.weft.proto.StopContainersRequest;
import io.weft.proto.SubmitApplicationRequest;
import io.weft.proto.Token;
import io.weft.proto.UnRegisterNodeManagerRequest;
import io.weft.proto.UploadStagedFileRequest;
import io.weft.proto.WatchApplicationRequest;
import io.weft.proto.AllocateRequest;
import io.weft.proto.FinishApplicationMasterRequest;
import io.weft.proto.RegisterApplicationMasterRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random and mutated messages to every method of every gRPC service of a real RM and NM, without
 * credentials and with the valid ones a real AM holds (its attempt's AMRM token, container tokens, the
 * application's NM token): each answer is OK or a clear error status, no daemon thread dies, the heap
 * stays bounded, and a distributed shell run afterwards succeeds.
 */
class RpcFuzzTest {
  /** Every service the RM serves (ActiveServices.services(): client, staging, AM, resource tracker, admin). */
  private static final List<ServiceDescriptor> RM_SERVICES = List.of(
      schema(ApplicationClientServiceGrpc.getServiceDescriptor()), schema(StagingServiceGrpc.getServiceDescriptor()),
      schema(ApplicationMasterServiceGrpc.getServiceDescriptor()),
      schema(ResourceTrackerServiceGrpc.getServiceDescriptor()),
      schema(ResourceManagerAdministrationServiceGrpc.getServiceDescriptor()));
  private static final List<ServiceDescriptor> NM_SERVICES =
      List.of(schema(ContainerManagementServiceGrpc.getServiceDescriptor()));
  /** A node id nobody runs: the tracker's valid requests register, heartbeat and unregister it. */
  private static final String FAKE_NODE = "fuzz-node.invalid:1";
  private static final AtomicLong TRIED = new AtomicLong();
  /** Per method, the calls carrying the token holder's credentials that were answered OK: past the token checks. */
  private static final Map<String, AtomicLong> ACCEPTED_WITH_TOKENS = new ConcurrentHashMap<>();

  private static Path workDir;
  private static FuzzCluster cluster;
  private static ManagedChannel rm;
  private static ManagedChannel nm;
  /** An application that exists (its AM sleeps): the valid requests name it. */
  private static String appId;
  /**
   * Another application, whose AM's credentials the fuzzer holds; apart from {@link #appId}, which
   * the valid KillApplication request kills.
   */
  private static TokenHolder holder;

  @BeforeContainer
  static void startCluster() throws Exception {
    workDir = Files.createTempDirectory("weft-rpc-fuzz");
    cluster = new FuzzCluster(workDir);
    rm = Channels.forAddress(cluster.rmAddress());
    nm = Channels.forAddress(io.weft.common.id.HostPort.parse(cluster.nodeManager().nodeId().toString(), "nm"));
    try (WeftClient client = cluster.client()) {
      ApplicationId id = client.createApplication().id();
      client.submitApplication(typedSubmission(id, "sleep", "300"));
      appId = id.toString();
      ApplicationId holderId = client.createApplication().id();
      String holderApp = holderId.toString();
      Path tokenFile = workDir.resolve("amrm-token");
      client.submitApplication(typedSubmission(holderId, TokenHolder.amCommand(tokenFile).toArray(String[]::new)));
      holder = TokenHolder.take(cluster, holderApp, tokenFile);
    }
  }

  @AfterContainer
  static void checkTheClusterSurvived() throws Exception {
    try {
      System.out.printf("fuzz: %d RPC inputs tried; answered OK with the token holder's credentials: %s%n",
          TRIED.get(), new TreeMap<>(ACCEPTED_WITH_TOKENS));
      assertThat(ACCEPTED_WITH_TOKENS).as("calls that got past the AMRM and NM token checks")
          .containsKeys("Allocate", "GetContainerStatuses");
      if (cluster != null) {
        cluster.assertDaemonThreadsAlive();
        cluster.clearFuzzLeftovers();
        cluster.assertHeapBounded();
        cluster.assertApplicationRunSucceeds();
        cluster.assertDaemonThreadsAlive();
      }
    } finally {
      if (rm != null) {
        Channels.close(rm);
        Channels.close(nm);
      }
      if (cluster != null) {
        cluster.close();
      }
      FuzzFiles.deleteTree(workDir);
    }
  }

  @AfterProperty
  void daemonThreadsStillRun() {
    cluster.assertDaemonThreadsAlive();
  }

  @Property(tries = 1000)
  void randomRequests_toEveryRmMethod_getAClearAnswer(@ForAll("rmMethods") MethodDescriptor method,
      @ForAll Random random) {
    assertClearAnswer(rm, method, randomRequests(method, random), random);
  }

  @Property(tries = 600)
  void mutatedValidRequests_toEveryRmMethod_getAClearAnswer(@ForAll("rmMethods") MethodDescriptor method,
      @ForAll Random random) {
    assertClearAnswer(rm, method, List.of(RandomMessages.mutate(valid(method), random)), random);
  }

  @Property(tries = 400)
  void randomAndMutatedRequests_toEveryNmMethod_getAClearAnswer(@ForAll("nmMethods") MethodDescriptor method,
      @ForAll Random random) {
    List<Message> requests = random.nextBoolean() ? randomRequests(method, random)
        : List.of(RandomMessages.mutate(valid(method), random));
    assertClearAnswer(nm, method, requests, random);
  }

  /**
   * Past the AMRM token check: the attempt's own token on every call. FinishApplicationMaster is left
   * out: a finished attempt would turn every later try into the same refusal.
   */
  @Property(tries = 300)
  void randomAndMutatedRequests_withTheAttemptsOwnToken_getAClearAnswer(
      @ForAll("tokenHolderAmMethods") MethodDescriptor method, @ForAll Random random) {
    List<Message> requests = random.nextInt(3) == 0 ? randomRequests(method, random)
        : List.of(RandomMessages.mutate(validForHolder(method), random));
    Metadata headers = new Metadata();
    headers.put(AuthHeaders.AMRM_TOKEN, holder.amrmToken());
    countIfAccepted(method, assertClearAnswer(rm, method, requests, headers));
  }

  /**
   * Past the NM's token checks: the application's NM token on every call and, in start requests,
   * container tokens the RM really issued (the first start of each container succeeds, later ones are
   * refused as repeats). A started container runs {@code true}, whatever the mutation made its command:
   * the NM runs what a token holder asks by design, and random programs would test nothing of the NM.
   */
  @Property(tries = 300)
  void randomAndMutatedRequests_withValidContainerAndNmTokens_toEveryNmMethod_getAClearAnswer(
      @ForAll("nmMethods") MethodDescriptor method, @ForAll Random random) {
    Container container = holder.containers().get(random.nextInt(holder.containers().size()));
    List<Message> requests = random.nextInt(4) == 0 ? randomRequests(method, random)
        : List.of(runningTrue(RandomMessages.mutate(validWithTokens(method, container), random)));
    Metadata headers = new Metadata();
    headers.put(AuthHeaders.NM_TOKEN, holder.nmToken());
    countIfAccepted(method, assertClearAnswer(nm, method, requests, headers));
  }

  private static void countIfAccepted(MethodDescriptor method, GrpcProbe.Answer answer) {
    if (answer.status().isOk()) {
      ACCEPTED_WITH_TOKENS.computeIfAbsent(method.getName(), name -> new AtomicLong()).incrementAndGet();
    }
  }

  /** Bytes that do not parse as the request: gRPC itself answers INTERNAL "Invalid protobuf byte sequence". */
  @Property(tries = 200)
  void garbageBytes_toAnyMethod_getAClearAnswerOrGrpcsParseError(@ForAll("allMethods") MethodDescriptor method,
      @ForAll Random random) {
    byte[] garbage = new byte[1 + random.nextInt(random.nextInt(10) == 0 ? 200_000 : 200)];
    random.nextBytes(garbage);
    ManagedChannel channel = NM_SERVICES.contains(method.getService()) ? nm : rm;
    GrpcProbe.Answer answer = GrpcProbe.call(channel, method, List.of(garbage), headers(method, random));
    TRIED.incrementAndGet();
    boolean parses = parses(method, garbage);
    assertThat(answer.isClear() || (!parses && answer.isGrpcParseFailure()))
        .as("%s with %d garbage bytes (%s) answered %s", method.getFullName(), garbage.length,
            parses ? "a valid message" : "not a message", answer).isTrue();
  }

  private static boolean parses(MethodDescriptor method, byte[] bytes) {
    try {
      com.google.protobuf.DynamicMessage.parseFrom(method.getInputType(), bytes);
      return true;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return false;
    }
  }

  @Provide
  Arbitrary<MethodDescriptor> rmMethods() {
    return Arbitraries.of(GrpcProbe.methods(RM_SERVICES));
  }

  @Provide
  Arbitrary<MethodDescriptor> nmMethods() {
    return Arbitraries.of(GrpcProbe.methods(NM_SERVICES));
  }

  @Provide
  Arbitrary<MethodDescriptor> tokenHolderAmMethods() {
    return Arbitraries.of(GrpcProbe.methods(List.of(schema(ApplicationMasterServiceGrpc.getServiceDescriptor())))
        .stream().filter(m -> !m.getName().equals("FinishApplicationMaster")).toList());
  }

  @Provide
  Arbitrary<MethodDescriptor> allMethods() {
    List<ServiceDescriptor> all = new ArrayList<>(RM_SERVICES);
    all.addAll(NM_SERVICES);
    return Arbitraries.of(GrpcProbe.methods(all));
  }

  private static void assertClearAnswer(ManagedChannel channel, MethodDescriptor method, List<Message> requests,
      Random random) {
    assertClearAnswer(channel, method, requests, headers(method, random));
  }

  private static GrpcProbe.Answer assertClearAnswer(ManagedChannel channel, MethodDescriptor method,
      List<Message> requests, Metadata headers) {
    GrpcProbe.Answer answer = GrpcProbe.call(channel, method,
        requests.stream().map(Message::toByteArray).toList(), headers);
    TRIED.incrementAndGet();
    assertThat(answer.isClear()).as("%s answered %s to %s", method.getFullName(), answer, abbreviate(requests))
        .isTrue();
    return answer;
  }

  /** One request, or for a client stream 0 to 3 of them. */
  private static List<Message> randomRequests(MethodDescriptor method, Random random) {
    int count = method.isClientStreaming() ? random.nextInt(4) : 1;
    List<Message> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(RandomMessages.random(method.getInputType(), random));
    }
    return requests;
  }

  /** Sometimes a claimed user, and for the AM service sometimes a token of random bytes. */
  private static Metadata headers(MethodDescriptor method, Random random) {
    Metadata headers = new Metadata();
    switch (random.nextInt(4)) {
      case 0 -> headers.put(AuthHeaders.USER, "alice");
      case 1 -> headers.put(AuthHeaders.USER, "root");
      case 2 -> headers.put(AuthHeaders.USER, FuzzValues.randomAscii(random, 20).replaceAll("[^ -~]", "x"));
      default -> { }
    }
    if (method.getService().getName().equals("ApplicationMasterService") && random.nextBoolean()) {
      headers.put(AuthHeaders.AMRM_TOKEN, random.nextBoolean() ? headerBytes(random)
          : Token.newBuilder().setIdentifier(ByteString.copyFrom(headerBytes(random)))
              .setPassword(ByteString.copyFrom(headerBytes(random))).setKind("AMRMToken").build()
              .toByteArray());
    }
    return headers;
  }

  /**
   * Random bytes for a header, at most 1 KiB: headers over gRPC's 8 KiB metadata limit are refused by
   * the transport (the caller sees INTERNAL "http2 exception") before any Weft code runs.
   */
  private static byte[] headerBytes(Random random) {
    byte[] bytes = FuzzValues.anyBytes(random);
    return java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 1024));
  }

  /** A request the method accepts, or (for the few that need nothing) its empty request. */
  private static Message valid(MethodDescriptor method) {
    String attempt = "appattempt_" + appId.substring("application_".length()) + "_000001";
    String container = "container_" + appId.substring("application_".length()) + "_01_000001";
    Map<String, Supplier<Message>> valid = Map.ofEntries(
        Map.entry("SubmitApplication", () -> {
          try (WeftClient client = cluster.client()) {
            return SubmitApplicationRequest.newBuilder()
                .setSubmissionContext(validSubmission(client.createApplication().id().toString(), "true")).build();
          }
        }),
        Map.entry("GetApplicationReport", () -> GetApplicationReportRequest.newBuilder().setApplicationId(appId).build()),
        Map.entry("KillApplication", () -> KillApplicationRequest.newBuilder().setApplicationId(appId)
            .setDiagnostics("fuzz").build()),
        Map.entry("MoveApplicationAcrossQueues", () -> MoveApplicationAcrossQueuesRequest.newBuilder()
            .setApplicationId(appId).setTargetQueue("default").build()),
        Map.entry("GetApplicationAttempts", () -> GetApplicationAttemptsRequest.newBuilder().setApplicationId(appId)
            .build()),
        Map.entry("GetContainers", () -> GetContainersRequest.newBuilder().setApplicationAttemptId(attempt).build()),
        Map.entry("GetQueueInfo", () -> GetQueueInfoRequest.newBuilder().setQueueName("default")
            .setIncludeApplications(true).setIncludeChildQueues(true).setRecursive(true).build()),
        Map.entry("WatchApplication", () -> WatchApplicationRequest.newBuilder().setApplicationId(appId).build()),
        Map.entry("StatStagedFile", () -> StatStagedFileRequest.newBuilder().setSha256("0".repeat(64)).build()),
        Map.entry("FetchStagedFile", () -> FetchStagedFileRequest.newBuilder().setSha256("0".repeat(64)).build()),
        Map.entry("UploadStagedFile", () -> UploadStagedFileRequest.newBuilder().setHeader(StagedFileHeader
            .newBuilder().setName("f").setSize(0).setSha256(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")).build()),
        Map.entry("RegisterApplicationMaster", () -> RegisterApplicationMasterRequest.newBuilder()
            .setApplicationAttemptId(attempt).setHost("127.0.0.1").setRpcPort(1).build()),
        Map.entry("Allocate", () -> AllocateRequest.newBuilder().setApplicationAttemptId(attempt).build()),
        Map.entry("FinishApplicationMaster", () -> FinishApplicationMasterRequest.newBuilder()
            .setApplicationAttemptId(attempt).build()),
        Map.entry("RegisterNodeManager", () -> RegisterNodeManagerRequest.newBuilder().setNodeId(FAKE_NODE)
            .setHttpAddress("fuzz-node.invalid:2").setResource(Resource.newBuilder().setMemoryMb(1024).setVcores(1))
            .build()),
        Map.entry("NodeHeartbeat", () -> NodeHeartbeatRequest.newBuilder().setNodeStatus(NodeStatus.newBuilder()
            .setNodeId(FAKE_NODE)).build()),
        Map.entry("UnRegisterNodeManager", () -> UnRegisterNodeManagerRequest.newBuilder().setNodeId(FAKE_NODE)
            .build()),
        Map.entry("StartContainers", () -> StartContainersRequest.newBuilder().addStartContainerRequests(
            StartContainerRequest.newBuilder().setContainerLaunchContext(ContainerLaunchContext.newBuilder()
                .addCommand("true")).setContainerToken(Token.newBuilder().setKind("ContainerToken")
                .setService(cluster.nodeManager().nodeId().toString()))).build()),
        Map.entry("StopContainers", () -> StopContainersRequest.newBuilder().addContainerIds(container).build()),
        Map.entry("GetContainerStatuses", () -> GetContainerStatusesRequest.newBuilder().addContainerIds(container)
            .build()),
        Map.entry("ReadContainerLog", () -> ReadContainerLogRequest.newBuilder().setContainerId(container)
            .setFile("stdout").build()));
    Supplier<Message> request = valid.get(method.getName());
    return request != null ? request.get()
        : com.google.protobuf.DynamicMessage.getDefaultInstance(method.getInputType());
  }

  /** A request of the token holder's attempt: registering (again), or asking for one more container. */
  private static Message validForHolder(MethodDescriptor method) {
    return switch (method.getName()) {
      case "RegisterApplicationMaster" -> RegisterApplicationMasterRequest.newBuilder()
          .setApplicationAttemptId(holder.attemptId()).setHost("127.0.0.1").setRpcPort(1).build();
      case "Allocate" -> AllocateRequest.newBuilder().setApplicationAttemptId(holder.attemptId()).addAsks(
          ResourceRequest.newBuilder().setPriority(2).setResourceName("*").setNumContainers(1).setRelaxLocality(true)
              .setCapability(Resource.newBuilder().setMemoryMb(256).setVcores(1))).build();
      default -> throw new IllegalArgumentException("no valid request of the token holder for " + method.getName());
    };
  }

  /** A request to the NM about {@code container}, with its real container token where one is asked for. */
  private static Message validWithTokens(MethodDescriptor method, Container container) {
    return switch (method.getName()) {
      case "StartContainers" -> StartContainersRequest.newBuilder().addStartContainerRequests(
          StartContainerRequest.newBuilder().setContainerLaunchContext(ContainerLaunchContext.newBuilder()
              .addCommand("true")).setContainerToken(container.getContainerToken())).build();
      case "StopContainers" -> StopContainersRequest.newBuilder().addContainerIds(container.getId()).build();
      case "GetContainerStatuses" -> GetContainerStatusesRequest.newBuilder().addContainerIds(container.getId())
          .build();
      case "ReadContainerLog" -> ReadContainerLogRequest.newBuilder().setContainerId(container.getId())
          .setFile("stdout").build();
      default -> com.google.protobuf.DynamicMessage.getDefaultInstance(method.getInputType());
    };
  }

  /** {@code request}, with every container it starts running {@code true} and localizing nothing. */
  private static Message runningTrue(Message request) {
    if (!(request instanceof StartContainersRequest start)) {
      return request;
    }
    StartContainersRequest.Builder harmless = start.toBuilder();
    for (StartContainerRequest.Builder each : harmless.getStartContainerRequestsBuilderList()) {
      each.getContainerLaunchContextBuilder().clearCommand().addCommand("true").clearLocalResources();
    }
    return harmless.build();
  }

  /** An AM that runs {@code command} and never registers: cheap, and the application exists meanwhile. */
  /** The application the fuzzer's calls aim at, submitted through the public client. */
  private static io.weft.client.records.ApplicationSubmissionContext typedSubmission(ApplicationId id,
      String... command) {
    return AppSubmission.builder(id).name("fuzz").applicationType("FUZZ")
        .amResource(io.weft.common.resource.Resource.of(256, 1)).command(List.of(command)).build();
  }

  private static ApplicationSubmissionContext validSubmission(String id, String... command) {
    return ApplicationSubmissionContext.newBuilder().setApplicationId(id).setName("fuzz").setQueue("default")
        .setAmContainerSpec(ContainerLaunchContext.newBuilder().addAllCommand(List.of(command)))
        .setAmResource(Resource.newBuilder().setMemoryMb(256).setVcores(1)).setApplicationType("FUZZ").build();
  }

  private static String abbreviate(List<Message> requests) {
    String text = requests.toString();
    return text.length() > 2000 ? text.substring(0, 2000) + "... (" + text.length() + " chars)" : text;
  }

  private static ServiceDescriptor schema(io.grpc.ServiceDescriptor service) {
    return ((ProtoServiceDescriptorSupplier) service.getSchemaDescriptor()).getServiceDescriptor();
  }
}
