package io.pipelinescheduler.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.http.TestServer.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that send a request slowly (slowloris): more of them than the server has threads, each
 * trickling its body or its headers a byte at a time over raw sockets.
 */
class SlowClientsTest {
  private static final int THREADS = 2;
  private static final int SLOW_CLIENTS = 6;
  private static final Duration READ_BOUND = Duration.ofSeconds(5);

  private final TestServer t =
      new TestServer(builder -> builder.threads(THREADS).requestReadTimeout(READ_BOUND));
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService waiting = Executors.newCachedThreadPool();
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void close() throws IOException {
    trickle.shutdownNow();
    waiting.shutdownNow();
    for (Socket socket : sockets) {
      socket.close();
    }
    t.close();
  }

  /** Opens a connection, sends {@code start} and then one more byte every 100 ms, forever. */
  private Socket slowClient(String start, byte drip) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), t.server.port());
    sockets.add(socket);
    socket.setSoTimeout(60_000);
    OutputStream out = socket.getOutputStream();
    out.write(start.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    trickle.scheduleAtFixedRate(
        () -> {
          try {
            out.write(drip);
            out.flush();
          } catch (IOException e) {
            // the server closed it: expected
          }
        },
        100,
        100,
        TimeUnit.MILLISECONDS);
    return socket;
  }

  /** Completes when the server closes the connection; records when that happened. */
  private CompletableFuture<Long> closedByServer(Socket socket) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return RawHttp.readUntilClosed(socket.getInputStream()) ? System.nanoTime() : null;
          } catch (IOException e) {
            return System.nanoTime();
          }
        },
        waiting);
  }

  @Test
  void slow_bodies_hold_no_handler_thread_health_answers_and_the_server_closes_them()
      throws Exception {
    String headers =
        "POST /api/schedules HTTP/1.1\r\nHost: 127.0.0.1:"
            + t.server.port()
            + "\r\nAuthorization: Bearer "
            + t.server.token()
            + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[";
    List<CompletableFuture<Long>> closed = new ArrayList<>();
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      closed.add(closedByServer(slowClient(headers, (byte) ' ')));
    }

    CompletableFuture<Reply> health =
        CompletableFuture.supplyAsync(() -> t.get("/api/scheduler/health"), waiting);

    await("health answers while the slow clients are connected")
        .atMost(Duration.ofSeconds(30))
        .until(health::isDone);
    long answeredAt = System.nanoTime();
    assertThat(health.get().status()).isEqualTo(200);
    assertThat(closed).noneMatch(CompletableFuture::isDone);
    await("the server closes every slow connection after the read bound")
        .atMost(Duration.ofSeconds(30))
        .until(() -> closed.stream().allMatch(CompletableFuture::isDone));
    assertThat(closed).allSatisfy(c -> assertThat(c.get()).isNotNull().isGreaterThan(answeredAt));
    assertThat(t.scheduler.listSchedules()).isEmpty();
  }

  @Test
  void clients_that_trickle_their_headers_are_closed_after_the_read_bound() {
    String start =
        "GET /api/schedules HTTP/1.1\r\nHost: 127.0.0.1:" + t.server.port() + "\r\nX-A: ";
    List<CompletableFuture<Long>> closed = new ArrayList<>();
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      try {
        closed.add(closedByServer(slowClient(start, (byte) 'a')));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    Reply schedules = t.get("/api/schedules");

    assertThat(schedules.status()).isEqualTo(200);
    await("the server closes every slow connection after the read bound")
        .atMost(Duration.ofSeconds(30))
        .until(() -> closed.stream().allMatch(CompletableFuture::isDone));
    assertThat(closed).allSatisfy(c -> assertThat(c.get()).isNotNull());
  }
}
