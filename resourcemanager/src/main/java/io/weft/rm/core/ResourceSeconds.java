package io.weft.rm.core;

/** What an application's containers have held over time: MB·seconds and vcore·seconds (YARN's memorySeconds). */
public record ResourceSeconds(long memorySeconds, long vcoreSeconds) {
  public static final ResourceSeconds NONE = new ResourceSeconds(0, 0);

  ResourceSeconds plus(long memoryMb, int vcores, double seconds) {
    return new ResourceSeconds(memorySeconds + Math.round(memoryMb * seconds), vcoreSeconds + Math.round(vcores * seconds));
  }
}
