package io.weft.rm.store;

import static java.util.Objects.requireNonNull;

import io.weft.rm.app.AppState;
import io.weft.rm.app.ApplicationSubmission;
import io.weft.rm.app.FinalStatus;
import java.time.Instant;

/** What the store keeps of an application: its submission and, once known, how it ended. */
public record ApplicationRecord(ApplicationSubmission submission, Instant submitTime, AppState finalState,
    FinalStatus finalStatus, String diagnostics, Instant finishTime) {
  public ApplicationRecord {
    requireNonNull(submission, "submission");
    requireNonNull(submitTime, "submitTime");
  }

  public static ApplicationRecord submitted(ApplicationSubmission submission, Instant submitTime) {
    return new ApplicationRecord(submission, submitTime, null, FinalStatus.UNDEFINED, "", null);
  }

  public ApplicationRecord ended(AppState state, FinalStatus status, String diagnostics, Instant when) {
    return new ApplicationRecord(submission, submitTime, state, status, diagnostics, when);
  }
}
