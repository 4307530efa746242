package io.weft.common.logstore;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileLogStoreTest extends LogStoreContract {
  @TempDir
  Path dir;

  @Override
  protected LogStore newStore() throws Exception {
    return new FileLogStore(dir);
  }
}
