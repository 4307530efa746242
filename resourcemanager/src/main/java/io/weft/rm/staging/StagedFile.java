package io.weft.rm.staging;

/** A file in staging, named by the SHA-256 of its content. */
public record StagedFile(String sha256, long size) {
  public String uri() {
    return "staging:" + sha256;
  }
}
