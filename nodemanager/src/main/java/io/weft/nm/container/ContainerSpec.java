package io.weft.nm.container;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import io.weft.nm.localize.LocalResourceSpec;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the NM was asked to run, after the container token was verified: the granted id, user and
 * resource, and the launch context (with the service data for the node's auxiliary services, by service name).
 */
public record ContainerSpec(
    ContainerId id,
    String user,
    Resource resource,
    List<String> command,
    Map<String, String> environment,
    Map<String, LocalResourceSpec> localResources,
    Map<String, byte[]> serviceData,
    ContainerAllocation allocation) {

  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]*");

  public ContainerSpec {
    requireNonNull(id, "id");
    requireNonNull(user, "user");
    requireNonNull(resource, "resource");
    requireNonNull(allocation, "allocation");
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
    localResources = Map.copyOf(localResources);
    serviceData = Map.copyOf(serviceData);
    if (!USER.matcher(user).matches() || user.equals(".") || user.equals("..")) {
      throw WeftException.invalidArgument(id + " has user '" + user + "', which is not a valid user name");
    }
    if (command.isEmpty()) {
      throw WeftException.invalidArgument(id + " has an empty command");
    }
  }
}
