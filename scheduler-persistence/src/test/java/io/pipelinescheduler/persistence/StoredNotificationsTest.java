package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.NotifyOn;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.testing.SettableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 item 2: a data-defined schedule's own webhook and outcomes are stored with it in a real
 * SQLite file, so that a scheduler that only restores it (never registers it) notifies as defined.
 */
class StoredNotificationsTest {
  @TempDir Path directory;

  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
  private final List<String> posts = new CopyOnWriteArrayList<>();
  private HttpServer hook;

  @BeforeEach
  void startHook() throws IOException {
    hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hook.createContext(
        "/hooks/team",
        exchange -> {
          posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    hook.start();
  }

  @AfterEach
  void stopHook() {
    hook.stop(0);
  }

  private PipelineScheduler newScheduler() {
    PipelineScheduler scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .dbPath(directory.resolve("scheduler.db"))
                .clock(clock)
                .meterRegistry(new SimpleMeterRegistry())
                .instanceId("notify-test")
                .build());
    scheduler.registerJobType(
        "import",
        (context, params) -> {
          throw new IllegalStateException("no file for " + params.get("day"));
        });
    return scheduler;
  }

  @Test
  void a_restored_schedule_posts_to_its_stored_webhook() throws Exception {
    URI teamHook = URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hooks/team");
    try (PipelineScheduler first = newScheduler()) {
      first
          .schedule("nightly-import")
          .manual()
          .notifyWebhook(teamHook)
          .notifyEmail("team@example.com")
          .notifyOn(NotifyOn.FAILURE, NotifyOn.RECOVERY)
          .run("import", Map.of("day", "today"));
    }

    try (PipelineScheduler second = newScheduler()) {
      second.start(); // restores nightly-import from the file; nothing registers it here

      assertThat(second.exportSchedules().replaceAll("\\s", ""))
          .contains("\"notify\":{\"emails\":[\"team@example.com\"]")
          .contains("\"on\":[\"FAILURE\",\"RECOVERY\"]");
      assertThat(second.runNow("nightly-import").get(30, TimeUnit.SECONDS).status())
          .isEqualTo(ExecutionStatus.FAILED);
    } // close() waits for the post in flight

    assertThat(posts)
        .singleElement()
        .asString()
        .contains("Run FAILED: schedule 'nightly-import', attempt 1")
        .contains("no file for today");
  }
}
