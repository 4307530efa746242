package io.weft.client.records;

/** Who may share a localized {@link LocalResource} (YARN's {@code LocalResourceVisibility}). */
public enum LocalResourceVisibility {
  /** Only the application's containers. */
  APPLICATION,
  /** The user's applications. */
  PRIVATE,
  /** Every application. */
  PUBLIC
}
