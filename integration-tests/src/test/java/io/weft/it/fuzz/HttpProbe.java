package io.weft.it.fuzz;

import io.weft.common.id.HostPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 request over a raw socket, so the request target goes out byte for byte as the
 * fuzzer made it (no client library that would normalize {@code ..}, re-encode or refuse it).
 */
final class HttpProbe {
  private static final int TIMEOUT_MILLIS = 30_000;

  private HttpProbe() {}

  static Response send(HostPort server, String method, byte[] target, String contentType, byte[] body) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(server.host(), server.port()), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(ascii(method + " "));
      request.writeBytes(target);
      request.writeBytes(ascii(" HTTP/1.1\r\nHost: " + server + "\r\nConnection: close\r\n"));
      if (body != null) {
        request.writeBytes(ascii("Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n"));
      }
      request.writeBytes(ascii("\r\n"));
      if (body != null) {
        request.writeBytes(body);
      }
      try {
        out.write(request.toByteArray());
        out.flush();
      } catch (java.net.SocketException refusedMidway) {
        // the server answered (and closed) before it read all of an oversize request; read its answer
      }
      return Response.parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException("no answer from " + server + " to " + method + " "
          + abbreviate(new String(target, StandardCharsets.UTF_8)), e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try {
      return in.readAllBytes();
    } catch (java.net.SocketException reset) {
      // the server may reset after answering a request it refused to read whole; what came before counts
      return new byte[0];
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "... (" + text.length() + " chars)" : text;
  }

  /** The status, whether content came with it, and the head (the status line and headers). */
  record Response(int status, String head, boolean hasContent) {
    static Response parse(byte[] raw) {
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      int endOfHead = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.1 ") || endOfHead < 0) {
        return new Response(-1, abbreviate(text), false);
      }
      String head = text.substring(0, endOfHead);
      String content = text.substring(endOfHead + 4);
      boolean chunked = head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
      boolean hasContent = chunked ? !content.startsWith("0\r\n") && !content.isEmpty() : !content.isEmpty();
      return new Response(Integer.parseInt(head.substring(9, 12)), head, hasContent);
    }

    /** Weft's web server marks every answer it makes; Jetty's own (to a request it cannot parse) are not. */
    boolean fromWeft() {
      return head.toLowerCase(Locale.ROOT).contains("x-content-type-options: nosniff");
    }

    @Override
    public String toString() {
      return status + (hasContent ? " with content" : " without content") + "\n" + head;
    }
  }
}
