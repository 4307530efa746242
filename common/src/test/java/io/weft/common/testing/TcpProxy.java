package io.weft.common.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on 127.0.0.1 that a test can cut and restore. Not a fake: the bytes go to the real
 * server at the target. {@link #cut} resets every connection through it and, until {@link #restore},
 * closes each new connection as soon as it is accepted: to the client a real network outage (its
 * calls fail UNAVAILABLE), and {@link #droppedConnections} shows it dialling again.
 */
public final class TcpProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger dropped = new AtomicInteger();
  private volatile boolean cut;

  private TcpProxy(InetSocketAddress target) {
    this.target = target;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
    }
    daemon("proxy-accept-" + listener.getLocalPort(), this::acceptLoop);
  }

  /** A proxy on an ephemeral port of 127.0.0.1 to {@code host:port}. */
  public static TcpProxy to(String host, int port) {
    return new TcpProxy(new InetSocketAddress(host, port));
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Resets every connection through the proxy and drops new ones until {@link #restore}. */
  public synchronized void cut() {
    cut = true;
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  /** Forwards new connections again. */
  public void restore() {
    cut = false;
  }

  /** Connections accepted and closed at once while cut: the client's tries to reach the server. */
  public int droppedConnections() {
    return dropped.get();
  }

  @Override
  public void close() {
    closeQuietly(listener);
    cut();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      forwardOrDrop(client);
    }
  }

  /** Under the lock {@link #cut} takes, so no connection slips through a cut. */
  private synchronized void forwardOrDrop(Socket client) {
    if (cut) {
      dropped.incrementAndGet();
      closeQuietly(client);
      return;
    }
    try {
      Socket upstream = new Socket(target.getAddress(), target.getPort());
      sockets.add(client);
      sockets.add(upstream);
      pipe(client, upstream);
      pipe(upstream, client);
    } catch (IOException e) {
      closeQuietly(client); // the server is not there: the client sees its connection closed
    }
  }

  private void pipe(Socket from, Socket to) {
    daemon("proxy-pipe-" + port(), () -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        byte[] buffer = new byte[16 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed, or the proxy was cut
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        sockets.remove(from);
        sockets.remove(to);
      }
    });
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
