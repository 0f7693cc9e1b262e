package io.pipelinescheduler.redis;

import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} process on a free loopback port, from the binary that
 * com.github.codemonstur:embedded-redis ships. Its data directory keeps an append-only file synced
 * on every write, so a restart on the same port (after {@link #stop()} or a SIGKILL through {@link
 * #kill()}) finds every key again. Not thread-safe.
 */
public final class RedisServerProcess implements AutoCloseable {
  private static Path binary;

  private final Path dataDir;
  private final int port;
  private final List<String> extraArgs;
  private Process process;

  private RedisServerProcess(Path dataDir, int port, List<String> extraArgs) {
    this.dataDir = dataDir;
    this.port = port;
    this.extraArgs = extraArgs;
  }

  /**
   * Starts a server with its data in {@code dataDir}; {@code extraArgs} are more redis-server
   * options, e.g. {@code "--requirepass", "secret"}.
   */
  public static RedisServerProcess start(Path dataDir, String... extraArgs) throws IOException {
    RedisServerProcess server = new RedisServerProcess(dataDir, freePort(), List.of(extraArgs));
    server.restart();
    return server;
  }

  /** A loopback port nobody listens on (at the moment of asking). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The port it listens on, the same across restarts. */
  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the process (again) on the same port and data directory; returns once it answers. */
  public void restart() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " is already running");
    }
    Files.createDirectories(dataDir);
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(
        List.of(
            "--port", Integer.toString(port),
            "--bind", "127.0.0.1",
            "--dir", dataDir.toString(),
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--save", "",
            "--daemonize", "no"));
    command.addAll(extraArgs);
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("redis.log").toFile()))
            .start();
    awaitAnswer();
  }

  /** Stops the process with SIGTERM and waits for it to end. */
  public void stop() {
    end(false);
  }

  /** Kills the process with SIGKILL, as a crash would, and waits for it to end. */
  public void kill() {
    end(true);
  }

  @Override
  public void close() {
    kill();
  }

  private void end(boolean forcibly) {
    if (process == null) {
      return;
    }
    if (forcibly) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private void awaitAnswer() throws IOException {
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !process.isAlive() || answers());
    } catch (ConditionTimeoutException e) {
      throw new IOException("redis-server on port " + port + " did not answer: " + log(), e);
    }
    if (!process.isAlive()) {
      throw new IOException("redis-server on port " + port + " exited: " + log());
    }
  }

  /** True when a PING gets +PONG, or -NOAUTH from a server with a password (not -LOADING). */
  private boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder reply = new StringBuilder();
      for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
        reply.append((char) c);
      }
      return reply.toString().equals("+PONG") || reply.toString().startsWith("-NOAUTH");
    } catch (IOException e) {
      return false;
    }
  }

  private String log() {
    try {
      return Files.readString(dataDir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static synchronized Path binary() {
    if (binary == null) {
      try {
        binary = ExecutableProvider.newJarResourceProvider().get().toPath();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot extract the redis-server binary", e);
      }
    }
    return binary;
  }
}
