package io.pipelinescheduler.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a local port that forwards every connection to a target port, and that a test can
 * cut (every connection closed, new ones refused: a network partition of whoever connects through
 * it) and restore (on the same port). Threads are daemons, one accept thread and two per
 * connection.
 */
final class TcpProxy implements AutoCloseable {
  private final int targetPort;
  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;

  TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.port = first.getLocalPort();
    listen(first);
  }

  /** The port to connect to instead of the target's. */
  int port() {
    return port;
  }

  /** Closes every connection and refuses new ones until {@link #restore}. */
  synchronized void cut() throws IOException {
    ServerSocket current = server;
    server = null;
    if (current != null) {
      current.close();
    }
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  /** Accepts connections again, on the same port. */
  synchronized void restore() throws IOException {
    if (server != null) {
      return;
    }
    ServerSocket again = new ServerSocket();
    again.setReuseAddress(true);
    again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    listen(again);
  }

  @Override
  public void close() throws IOException {
    cut();
  }

  private void listen(ServerSocket socket) {
    server = socket;
    Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket target;
        try {
          target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        } catch (IOException e) {
          closeQuietly(client);
          continue;
        }
        open.add(client);
        open.add(target);
        if (server != socket) { // cut meanwhile
          closeQuietly(client);
          closeQuietly(target);
          continue;
        }
        pump(client, target);
        pump(target, client);
      } catch (IOException e) {
        // closed by cut(), or the target refused: the client sees its connection end
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "tcp-proxy-pump-" + port);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
