package io.weft.shuffle.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.weft.proto.ExternalShuffleServiceGrpc;
import io.weft.proto.FetchShuffleBlocksRequest;
import io.weft.proto.RegisterExecutorShuffleRequest;
import io.weft.proto.RegisterExecutorShuffleResponse;
import io.weft.proto.ShuffleBlockChunk;
import io.weft.shuffle.ShuffleRegistrations;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The NodeManager's shuffle service on the wire: executors register their shuffle directories and
 * reduce tasks fetch blocks, every call checked against the application's secret by
 * {@link ShuffleRegistrations} (needs {@link PresentedSecret} on the server). Refusals are
 * {@code WeftException}s, mapped to gRPC statuses by the server's error mapping.
 */
public final class ExternalShuffleHandler extends ExternalShuffleServiceGrpc.ExternalShuffleServiceImplBase {
  private static final Logger LOG = LogManager.getLogger();

  private final ShuffleRegistrations registrations;

  public ExternalShuffleHandler(ShuffleRegistrations registrations) {
    this.registrations = requireNonNull(registrations);
  }

  @Override
  public void registerExecutorShuffle(RegisterExecutorShuffleRequest request,
      StreamObserver<RegisterExecutorShuffleResponse> out) {
    registrations.register(request.getApplicationId(), PresentedSecret.current(), request.getExecutorId(),
        Path.of(request.getShuffleDir()));
    LOG.info("executor {} of {} registered its shuffle directory {}", request.getExecutorId(),
        request.getApplicationId(), request.getShuffleDir());
    out.onNext(RegisterExecutorShuffleResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void fetchShuffleBlocks(FetchShuffleBlocksRequest request, StreamObserver<ShuffleBlockChunk> out) {
    Path dir = registrations.executorDir(request.getApplicationId(), PresentedSecret.current(),
        request.getExecutorId());
    BlockStreamer.stream(dir, request, out);
  }
}
