package io.weft.rm.app;

import java.util.Arrays;
import java.util.List;

/**
 * An application's state, with YARN's names. FINAL_SAVING and FINISHING are the RM's own, as in YARN's
 * RMAppState: clients see only the eight {@link #isPublic() public} states (YARN's YarnApplicationState);
 * {@link AppReport#publicState()} says which one an application shows.
 */
public enum AppState {
  NEW, NEW_SAVING, SUBMITTED, ACCEPTED, RUNNING, FINAL_SAVING, FINISHING, FINISHED, FAILED, KILLED;

  /** The states a client may see and filter by, in YARN's order. */
  public static final List<AppState> PUBLIC = Arrays.stream(values()).filter(AppState::isPublic).toList();

  public boolean isPublic() {
    return this != FINAL_SAVING && this != FINISHING;
  }

  public boolean isFinal() {
    return this == FINISHED || this == FAILED || this == KILLED;
  }
}
