package io.weft.common.tls;

import io.weft.common.rpc.WeftException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a certificate of the cluster CA may do, written in its subject's {@code OU}: daemons prove
 * they are daemons (only a {@link #NODEMANAGER} may register as a node), users prove who they are.
 */
public enum CertRole {
  RESOURCEMANAGER, NODEMANAGER, USER;

  /** The name as written in a subject and on the command line: lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role labelled {@code label}, if any. */
  public static Optional<CertRole> of(String label) {
    return Arrays.stream(values()).filter(r -> r.label().equals(label)).findFirst();
  }

  /** The role labelled {@code label}; a clear error naming the roles there are when none is. */
  public static CertRole parse(String label) {
    return of(label).orElseThrow(() -> WeftException.invalidArgument("certificate role '" + label + "' is not one of "
        + Arrays.stream(values()).map(CertRole::label).collect(Collectors.joining(", "))));
  }
}
