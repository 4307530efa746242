package io.weft.common.web;

import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The static files of the web UIs ({@code /static/{file}}), served from the jars: each UI's own
 * directory first, then the shared one holding {@code console.css}, so every UI has the same look.
 */
public final class WebAssets {
  private static final String SHARED = "/io/weft/common/web/";

  private WebAssets() {}

  /** {@code file} from {@code directory} (a class-path directory ending in /) or the shared one; else a 404. */
  public static WebResponse serve(String directory, String file) throws IOException {
    String type = file.endsWith(".js") ? "text/javascript; charset=utf-8"
        : file.endsWith(".css") ? "text/css; charset=utf-8" : null;
    if (type == null || !file.matches("[a-z-]+\\.(js|css)")) {
      throw WeftException.notFound("no asset " + file);
    }
    for (String dir : new String[] {directory, SHARED}) {
      try (InputStream in = WebAssets.class.getResourceAsStream(dir + file)) {
        if (in != null) {
          return WebResponse.bytes(200, type, in.readAllBytes());
        }
      }
    }
    throw WeftException.notFound("no asset " + file);
  }
}
