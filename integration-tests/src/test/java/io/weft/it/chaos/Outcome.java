package io.weft.it.chaos;

/** How one application of a chaos run ended, judged against its known answer and the kills that hit it. */
record Outcome(ChaosApplication application, Verdict verdict, String detail) {
  enum Verdict {
    /** It succeeded and its answer is the expected one. */
    CORRECT,
    /** It failed, and its diagnostics name a kill made while it ran (a killed container, the lost node, the RM). */
    FAILED_NAMING_A_KILL,
    /** It failed and nothing it says names a kill made while it ran: a failure its user cannot explain. */
    FAILED_UNEXPLAINED,
    /** It said it succeeded, but its answer is wrong or missing: a silent loss. */
    WRONG_ANSWER,
    /** It did not end in time. */
    HUNG
  }

  @Override
  public String toString() {
    return application + ": " + verdict + (detail.isEmpty() ? "" : ": " + detail);
  }
}
