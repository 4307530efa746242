package io.weft.nm;

import io.grpc.HandlerRegistry;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Services added after the server is bound: the NM's services need the node id, which holds the
 * real port only once the server has bound port 0. Calls before that find no method (UNIMPLEMENTED).
 */
final class LateBoundServices extends HandlerRegistry {
  private final Map<String, ServerMethodDefinition<?, ?>> methods = new ConcurrentHashMap<>();

  void add(ServerServiceDefinition service) {
    service.getMethods().forEach(m -> methods.put(m.getMethodDescriptor().getFullMethodName(), m));
  }

  @Override
  public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
    return methods.get(methodName);
  }
}
