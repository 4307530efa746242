package io.weft.nm.testing;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.HostPort;
import io.weft.common.id.NodeId;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.RpcServer;
import io.weft.common.security.MasterKey;
import io.weft.proto.ContainerStatus;
import io.weft.proto.ContainerTokenIdentifier;
import io.weft.proto.NmTokenIdentifier;
import io.weft.proto.FetchStagedFileRequest;
import io.weft.proto.FetchStagedFileResponse;
import io.weft.proto.NodeAction;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.NodeHeartbeatResponse;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.RegisterNodeManagerResponse;
import io.weft.proto.ResourceTrackerServiceGrpc;
import io.weft.proto.StagingServiceGrpc;
import io.weft.proto.Token;
import io.weft.proto.UnRegisterNodeManagerRequest;
import io.weft.proto.UnRegisterNodeManagerResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the ResourceManager: a real ResourceTrackerService + StagingService on
 * 127.0.0.1 that records registrations and heartbeats, hands out a container-token master key,
 * signs container tokens with it, serves staged bytes, and sends queued commands to the NM.
 */
public final class FakeResourceManager implements Lifecycle {
  public static final long CLUSTER_TS = 1_700_000_000_000L;

  private final RpcServer server;
  private volatile MasterKey key = MasterKey.generate(7);
  private volatile MasterKey nmKey = MasterKey.generate(9);
  public final List<RegisterNodeManagerRequest> registrations = new CopyOnWriteArrayList<>();
  public final List<NodeHeartbeatRequest> heartbeats = new CopyOnWriteArrayList<>();
  public final List<String> unregistrations = new CopyOnWriteArrayList<>();
  private final Map<String, byte[]> staged = new ConcurrentHashMap<>();
  public final AtomicInteger fetches = new AtomicInteger();
  private final List<String> containersToCleanup = new ArrayList<>();
  private final List<String> appsToCleanup = new ArrayList<>();
  private final List<String> toRemove = new ArrayList<>();
  private NodeAction nextAction = NodeAction.NORMAL;

  public FakeResourceManager() {
    this(0);
  }

  public FakeResourceManager(int port) {
    server = RpcServer.netty(new HostPort("127.0.0.1", port), List.of(), new Tracker(), new Staging());
  }

  @Override
  public void start() {
    server.start();
  }

  @Override
  public void close() {
    server.close();
  }

  public HostPort address() {
    return server.address();
  }

  public MasterKey key() {
    return key;
  }

  public MasterKey nmKey() {
    return nmKey;
  }

  /** A new NM-token master key, handed to the NM on its next heartbeat, as a roll of a real RM does. */
  public MasterKey rollNmKey() {
    nmKey = MasterKey.generate(nmKey.keyId() + 1);
    return nmKey;
  }

  /** An NM token of {@code attempt} for {@code node}, signed with the current NM-token key. */
  public Token nmToken(ApplicationAttemptId attempt, NodeId node, long expiryMs) {
    return nmToken(nmKey, attempt, node, expiryMs);
  }

  public static Token nmToken(MasterKey key, ApplicationAttemptId attempt, NodeId node, long expiryMs) {
    byte[] bytes = NmTokenIdentifier.newBuilder().setApplicationAttemptId(attempt.toString())
        .setNodeId(node.toString()).setExpiryTimeMs(expiryMs).build().toByteArray();
    return Token.newBuilder().setIdentifier(ByteString.copyFrom(bytes)).setPassword(ByteString.copyFrom(key.sign(bytes)))
        .setKind("NMToken").setKeyId(key.keyId()).build();
  }

  /** Stages {@code content} under its real digest; returns the digest. */
  public String stage(byte[] content) {
    String sha = sha256(content);
    staged.put(sha, content);
    return sha;
  }

  /** Serves {@code content} when asked for {@code sha} (which need not be its digest). */
  public void stageAs(String sha, byte[] content) {
    staged.put(sha, content);
  }

  public synchronized void cleanupContainer(String id) {
    containersToCleanup.add(id);
  }

  public synchronized void cleanupApplication(String app) {
    appsToCleanup.add(app);
  }

  /** Lists {@code id} in the next heartbeat answer's containers_to_be_removed_from_nm (its completion is recorded). */
  public synchronized void removeFromNm(String id) {
    toRemove.add(id);
  }

  /** Replaces the container-token master key by one with the same id and a new secret, as a restarted RM might. */
  public MasterKey newSecretUnderTheSameKeyId() {
    key = MasterKey.generate(key.keyId());
    return key;
  }

  /** The latest registration of {@code node}, or null. */
  public RegisterNodeManagerRequest lastRegistration(String node) {
    for (int i = registrations.size() - 1; i >= 0; i--) {
      if (registrations.get(i).getNodeId().equals(node)) {
        return registrations.get(i);
      }
    }
    return null;
  }

  public synchronized void nextAction(NodeAction action) {
    nextAction = action;
  }

  /** The latest status the NM reported for {@code id}, or null. */
  public ContainerStatus lastStatus(ContainerId id) {
    for (int i = heartbeats.size() - 1; i >= 0; i--) {
      for (ContainerStatus s : heartbeats.get(i).getNodeStatus().getContainerStatusesList()) {
        if (s.getContainerId().equals(id.toString())) {
          return s;
        }
      }
    }
    return null;
  }

  public Token token(ContainerId id, NodeId node, Resource resource, long expiryMs) {
    return token(id, node, resource, expiryMs, 0);
  }

  public Token token(ContainerId id, NodeId node, Resource resource, long expiryMs, int priority) {
    return token(id, node, resource, expiryMs, priority, "alice");
  }

  /** A token granting {@code id} to the application of {@code user}. */
  public Token token(ContainerId id, NodeId node, Resource resource, long expiryMs, int priority, String user) {
    return sign(key, ContainerTokenIdentifier.newBuilder().setContainerId(id.toString()).setNodeId(node.toString())
        .setAppSubmitter(user).setResource(Resources.toProto(resource)).setExpiryTimeMs(expiryMs)
        .setPriority(priority).setRmIdentifier(CLUSTER_TS).build());
  }

  public static Token sign(MasterKey key, ContainerTokenIdentifier identifier) {
    byte[] bytes = identifier.toByteArray();
    return Token.newBuilder().setIdentifier(ByteString.copyFrom(bytes)).setPassword(ByteString.copyFrom(key.sign(bytes)))
        .setKind("ContainerToken").setKeyId(key.keyId()).build();
  }

  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private io.weft.proto.MasterKey protoKey() {
    return protoKey(key);
  }

  private static io.weft.proto.MasterKey protoKey(MasterKey key) {
    return io.weft.proto.MasterKey.newBuilder().setKeyId(key.keyId()).setBytes(ByteString.copyFrom(key.secret()))
        .build();
  }

  private final class Tracker extends ResourceTrackerServiceGrpc.ResourceTrackerServiceImplBase {
    @Override
    public void registerNodeManager(RegisterNodeManagerRequest request,
        StreamObserver<RegisterNodeManagerResponse> observer) {
      registrations.add(request);
      observer.onNext(RegisterNodeManagerResponse.newBuilder().setContainerTokenMasterKey(protoKey())
          .setNmTokenMasterKey(protoKey(nmKey))
          .setRmIdentifier(CLUSTER_TS).setHeartbeatIntervalMs(200).setNodeAction(NodeAction.NORMAL).build());
      observer.onCompleted();
    }

    @Override
    public void nodeHeartbeat(NodeHeartbeatRequest request, StreamObserver<NodeHeartbeatResponse> observer) {
      observer.onNext(answer(request));
      observer.onCompleted();
    }

    /**
     * As the real RM: the heartbeats on the stream answered in order, those that ask and those the answer has
     * something for (a clean-up, a removal, an action, a key the node lacks); the stream open until the node ends it.
     */
    @Override
    public StreamObserver<NodeHeartbeatRequest> nodeHeartbeats(StreamObserver<NodeHeartbeatResponse> observer) {
      return new StreamObserver<>() {
        @Override
        public void onNext(NodeHeartbeatRequest request) {
          NodeHeartbeatResponse answer = answer(request);
          if (request.getAnswerWanted() || saysSomething(answer, request)) {
            observer.onNext(answer);
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          observer.onCompleted();
        }
      };
    }

    private static boolean saysSomething(NodeHeartbeatResponse answer, NodeHeartbeatRequest request) {
      return answer.getNodeAction() != NodeAction.NORMAL || answer.getContainersToCleanupCount() > 0
          || answer.getApplicationsToCleanupCount() > 0 || answer.getContainersToBeRemovedFromNmCount() > 0
          || answer.getContainerTokenMasterKey().getKeyId() != request.getLastKnownContainerTokenMasterKey().getKeyId()
          || answer.getNmTokenMasterKey().getKeyId() != request.getLastKnownNmTokenMasterKey().getKeyId();
    }

    private NodeHeartbeatResponse answer(NodeHeartbeatRequest request) {
      heartbeats.add(request);
      NodeHeartbeatResponse.Builder response = NodeHeartbeatResponse.newBuilder()
          .setResponseId(request.getNodeStatus().getResponseId() + 1).setNextHeartbeatIntervalMs(200)
          .setAnswerWanted(request.getAnswerWanted())
          .setContainerTokenMasterKey(protoKey()).setNmTokenMasterKey(protoKey(nmKey));
      synchronized (FakeResourceManager.this) {
        response.addAllContainersToCleanup(containersToCleanup).addAllApplicationsToCleanup(appsToCleanup)
            .addAllContainersToBeRemovedFromNm(toRemove).setNodeAction(nextAction);
        containersToCleanup.clear();
        appsToCleanup.clear();
        toRemove.clear();
        nextAction = NodeAction.NORMAL;
      }
      return response.build();
    }

    @Override
    public void unRegisterNodeManager(UnRegisterNodeManagerRequest request,
        StreamObserver<UnRegisterNodeManagerResponse> observer) {
      unregistrations.add(request.getNodeId());
      observer.onNext(UnRegisterNodeManagerResponse.getDefaultInstance());
      observer.onCompleted();
    }
  }

  private final class Staging extends StagingServiceGrpc.StagingServiceImplBase {
    @Override
    public void fetchStagedFile(FetchStagedFileRequest request, StreamObserver<FetchStagedFileResponse> observer) {
      byte[] content = staged.get(request.getSha256());
      if (content == null) {
        observer.onError(Status.NOT_FOUND.withDescription("no staged file " + request.getSha256()).asException());
        return;
      }
      fetches.incrementAndGet();
      for (int off = 0; off < content.length; off += 1000) {
        observer.onNext(FetchStagedFileResponse.newBuilder()
            .setChunk(ByteString.copyFrom(content, off, Math.min(1000, content.length - off))).build());
      }
      observer.onCompleted();
    }
  }
}
