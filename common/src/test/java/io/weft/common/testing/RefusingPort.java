package io.weft.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * A loopback port where nothing listens, held for as long as this is open: a TCP socket bound to it and never
 * listening, so a connection is refused at once, and no server started meanwhile (an RM's web server taking an
 * ephemeral port, say) can take it. A port merely found free and closed again can be handed to such a server.
 */
public final class RefusingPort implements AutoCloseable {
  private final SocketChannel socket;

  public RefusingPort() {
    try {
      socket = SocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a loopback port", e);
    }
  }

  public int port() {
    return socket.socket().getLocalPort();
  }

  /** {@code 127.0.0.1:<port>}. */
  public String address() {
    return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
