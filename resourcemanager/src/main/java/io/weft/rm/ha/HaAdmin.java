package io.weft.rm.ha;

import io.weft.common.config.CommonKeys;
import io.weft.common.rpc.WeftException;
import java.util.concurrent.CompletableFuture;

/** The HA side of {@code weft rmadmin}, answered by every ResourceManager, a standby too. */
public interface HaAdmin {
  /** A ResourceManager without HA: always active; nothing to hand over to. */
  HaAdmin NOT_ENABLED = new HaAdmin() {
    @Override
    public HaStatus status() {
      return HaStatus.NOT_ENABLED;
    }

    @Override
    public CompletableFuture<HaStatus> transitionToStandby() {
      throw WeftException.failedPrecondition("ResourceManager HA is not enabled (" + CommonKeys.RM_HA_ENABLED.key()
          + "=false): this ResourceManager is the only one and stays active; there is no standby to hand over to");
    }
  };

  HaStatus status();

  /** Hands over: leaves the election, stops serving, rejoins as standby; completes once this RM is standby. */
  CompletableFuture<HaStatus> transitionToStandby();
}
