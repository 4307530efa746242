package io.weft.bench.yarn;

/**
 * Which way a figure improves, and so which way its ratio is taken: always "how many times better Weft
 * is", above 1 when Weft wins.
 */
public enum Better {
  /** Times and memory: the ratio is YARN / Weft. */
  LOWER,
  /** Rates: the ratio is Weft / YARN. */
  HIGHER;

  /** How many times better {@code weft} is than {@code yarn}; NaN when either is missing or zero. */
  public double ratio(double weft, double yarn) {
    if (!(weft > 0) || !(yarn > 0)) {
      return Double.NaN;
    }
    return this == LOWER ? yarn / weft : weft / yarn;
  }
}
