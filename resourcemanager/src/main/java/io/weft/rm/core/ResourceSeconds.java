package io.weft.rm.core;

/** What an application's containers have held over time: MB·seconds and vcore·seconds (YARN's memorySeconds). */
public record ResourceSeconds(long memorySeconds, long vcoreSeconds) {
  public static final ResourceSeconds NONE = new ResourceSeconds(0, 0);
}
