package io.pipelinescheduler.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} (the binary com.github.codemonstur:embedded-redis ships) on a free
 * loopback port, without persistence, for the {@code redis} lock backend.
 */
final class Redis implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;

  private Redis(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  static Redis start() {
    try {
      Path binary = ExecutableProvider.newJarResourceProvider().get().toPath();
      Path dir = Files.createTempDirectory("bench-redis");
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      Process process =
          new ProcessBuilder(
                  List.of(
                      binary.toString(),
                      "--port",
                      Integer.toString(port),
                      "--bind",
                      "127.0.0.1",
                      "--dir",
                      dir.toString(),
                      "--appendonly",
                      "no",
                      "--save",
                      "",
                      "--daemonize",
                      "no"))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      Redis redis = new Redis(process, port, dir);
      redis.awaitAnswer();
      return redis;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server", e);
    }
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Deletes every key, so that each run starts from an empty server. */
  void flushAll() {
    String reply = command("FLUSHALL");
    if (!reply.equals("+OK")) {
      throw new IllegalStateException("FLUSHALL on " + url() + " answered " + reply);
    }
  }

  /** The server's version line. */
  String version() {
    String info = command("INFO server");
    return info;
  }

  private void awaitAnswer() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited; see " + dir.resolve("redis.log"));
      }
      try {
        if (command("PING").equals("+PONG")) {
          return;
        }
      } catch (UncheckedIOException e) {
        // not yet listening
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for redis-server", e);
      }
    }
    throw new IOException("redis-server on port " + port + " did not answer");
  }

  /** Sends one inline command and returns the first reply line (or the bulk text for INFO). */
  private String command(String command) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String first = line(in);
      if (first.startsWith("$")) {
        int length = Integer.parseInt(first.substring(1));
        byte[] body = in.readNBytes(length);
        return new String(body, StandardCharsets.UTF_8);
      }
      return first;
    } catch (IOException e) {
      throw new UncheckedIOException("redis-server on port " + port + ": " + command, e);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder reply = new StringBuilder();
    for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
      reply.append((char) c);
    }
    in.read();
    return reply.toString();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
