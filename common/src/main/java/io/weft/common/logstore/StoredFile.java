package io.weft.common.logstore;

import java.time.Instant;

/**
 * One file of an application in a {@link LogStore}. {@code inProgress} while its writer has not closed it,
 * and forever if the writer died first: its bytes are kept, but it may end mid-record.
 */
public record StoredFile(String name, long length, Instant modified, boolean inProgress) {}
