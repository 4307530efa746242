package io.weft.rm.rpc;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.RpcServer;
import io.weft.proto.ResourceTrackerServiceGrpc;
import java.util.concurrent.Executor;

/**
 * Runs the resource-tracker calls (every NodeManager's heartbeat) on the transport thread that read
 * them, not on gRPC's application executor: their handlers only parse the request and hand it to the
 * RM core, never block, so the hop to another thread (a wake-up per heartbeat, 10,000 a second on a
 * large cluster) buys nothing. Every other call keeps the executor (some wait on the store or a file).
 */
public final class InlineTrackerCalls implements ServerCallExecutorSupplier {
  private InlineTrackerCalls() {}

  /** {@link RpcServer#nettyBuilder} for an RM: tracker calls inline. */
  public static NettyServerBuilder serverBuilder(HostPort bind, io.grpc.ServerCredentials credentials) {
    return RpcServer.nettyBuilder(bind, credentials).callExecutor(new InlineTrackerCalls());
  }

  @Override
  public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata metadata) {
    return ResourceTrackerServiceGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())
        ? MoreExecutors.directExecutor() : null;
  }
}
