package io.pipelinescheduler.examples;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.http.SchedulerHttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The REST API and web dashboard of {@code scheduler-http} over a scheduler with three schedules
 * (one that succeeds, one that fails every time, one nightly) and a first run of each. Prints the
 * dashboard's address with its access token (open it in a browser: Run now, Disable, a schedule's
 * history, a run's output) and serves until Enter is pressed or standard input ends. On loopback
 * only; the token is generated at start into a file in the temp directory. In memory.
 */
public final class Dashboard {
  private Dashboard() {}

  /** Serves the dashboard until Enter is pressed or standard input ends. */
  public static void main(String[] args) throws Exception {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .persistSchedules(false)
            .meterRegistry(new SimpleMeterRegistry())
            .build();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      scheduler
          .schedule("import-orders")
          .every(Duration.ofSeconds(30))
          .description("imports the new orders")
          .run(ctx -> ctx.logger().info("imported 12 orders"));
      scheduler
          .schedule("send-invoices")
          .every(Duration.ofMinutes(1))
          .retries(1, Duration.ofSeconds(5))
          .run(
              ctx -> {
                throw new IOException("smtp.example.com:25: connection refused");
              });
      scheduler.schedule("nightly-report").cron("0 2 * * *").run(ctx -> Thread.sleep(200));
      scheduler.start();
      for (String name : new String[] {"import-orders", "send-invoices", "nightly-report"}) {
        scheduler.runNow(name).get(30, TimeUnit.SECONDS);
      }

      Path tokenFile = Path.of(System.getProperty("java.io.tmpdir"), "dashboard-example.token");
      try (SchedulerHttpServer http =
          SchedulerHttpServer.builder(scheduler).port(0).tokenFile(tokenFile).start()) {
        System.out.println("dashboard: " + http.urlWithToken());
        System.out.println("API: " + http.url() + "api/schedules (state changes need the token)");
        System.out.println("press Enter to stop");
        System.out.flush();
        awaitEnter();
      }
      System.out.println("stopped");
    }
  }

  private static void awaitEnter() throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    in.readLine(); // a line, or null when the input ends
  }
}
