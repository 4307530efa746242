package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.BindableService;
import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.weft.common.rpc.ErrorMappingInterceptor;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import io.weft.rm.ha.HaAdmin;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes an HA ResourceManager's gRPC calls: the HA admin calls always go to {@link HaAdminCalls};
 * every other call goes to the active services while there are any, else is answered UNAVAILABLE with
 * who is active (so clients move on to the next RM). Lets the gRPC port outlive the active services.
 */
public final class HaHandlerRegistry extends HandlerRegistry {
  private static final MethodDescriptor.Marshaller<InputStream> UNREAD = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  };

  private final HaAdmin ha;
  private final Map<String, ServerMethodDefinition<?, ?>> always;
  private volatile Map<String, ServerMethodDefinition<?, ?>> active = Map.of();

  public HaHandlerRegistry(HaAdmin ha) {
    this(ha, new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        return next.startCall(call, headers);
      }
    });
  }

  /** {@code adminGuard} runs before the HA admin calls (who calls, and whether they may). */
  public HaHandlerRegistry(HaAdmin ha, ServerInterceptor adminGuard) {
    this.ha = requireNonNull(ha);
    HaAdminCalls calls = new HaAdminCalls(ha);
    Map<String, ServerMethodDefinition<?, ?>> admin = methods(() -> ServerInterceptors.intercept(calls,
        adminGuard));
    this.always = Map.copyOf(Map.of(
        ResourceManagerAdministrationServiceGrpc.getGetServiceStateMethod().getFullMethodName(),
        admin.get(ResourceManagerAdministrationServiceGrpc.getGetServiceStateMethod().getFullMethodName()),
        ResourceManagerAdministrationServiceGrpc.getTransitionToStandbyMethod().getFullMethodName(),
        admin.get(ResourceManagerAdministrationServiceGrpc.getTransitionToStandbyMethod().getFullMethodName())));
  }

  /** From now on, calls go to {@code services}. */
  public void serve(List<BindableService> services) {
    Map<String, ServerMethodDefinition<?, ?>> all = new HashMap<>();
    services.forEach(s -> all.putAll(methods(s)));
    active = Map.copyOf(all);
  }

  /** From now on, calls other than the HA admin calls are answered UNAVAILABLE. */
  public void standby() {
    active = Map.of();
  }

  @Override
  public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
    ServerMethodDefinition<?, ?> method = always.get(methodName);
    if (method != null) {
      return method;
    }
    Map<String, ServerMethodDefinition<?, ?>> serving = active;
    if (!serving.isEmpty()) {
      return serving.get(methodName);
    }
    return notServing(methodName);
  }

  private ServerMethodDefinition<InputStream, InputStream> notServing(String methodName) {
    MethodDescriptor<InputStream, InputStream> method = MethodDescriptor.newBuilder(UNREAD, UNREAD)
        .setType(MethodDescriptor.MethodType.UNKNOWN).setFullMethodName(methodName).build();
    ServerCallHandler<InputStream, InputStream> handler = (call, headers) -> {
      call.close(Status.UNAVAILABLE.withDescription(ha.status().notServing()), new Metadata());
      return new ServerCall.Listener<>() {};
    };
    return ServerMethodDefinition.create(method, handler);
  }

  private static Map<String, ServerMethodDefinition<?, ?>> methods(BindableService service) {
    Map<String, ServerMethodDefinition<?, ?>> out = new HashMap<>();
    ServerInterceptors.intercept(service, new ErrorMappingInterceptor()).getMethods()
        .forEach(m -> out.put(m.getMethodDescriptor().getFullMethodName(), m));
    return out;
  }
}
