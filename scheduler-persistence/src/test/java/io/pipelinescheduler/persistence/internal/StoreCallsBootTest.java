package io.pipelinescheduler.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store calls while Hibernate still boots on its own thread (after a start): a session call waits
 * for the boot, JDBC calls do not.
 */
class StoreCallsBootTest {
  @TempDir Path directory;

  /**
   * The first runs after a start are recorded over JDBC. A session write (the slots writer) that
   * waited for the boot held SQLite's one write lock meanwhile, so they waited for the boot too:
   * about a second on SQLite before the first run started.
   */
  @Test
  void a_jdbc_write_is_not_held_back_by_a_session_write_waiting_for_the_boot() throws Exception {
    SchedulerConfig config = SchedulerConfig.builder().dbPath(directory.resolve("s.db")).build();
    DatabaseTarget target = DatabaseTarget.of(config);
    HikariDataSource pool = target.kind().dialect().openPool(target, config);
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch booted = new CountDownLatch(1);
    StoreCalls calls =
        new StoreCalls(
            () -> {
              asked.countDown();
              awaitQuietly(booted);
              throw new IllegalStateException("the boot is not what this test is about");
            },
            pool,
            target,
            new StoreProbe(target, pool, Clock.systemUTC()));
    CompletableFuture<Object> sessionWrite =
        CompletableFuture.supplyAsync(() -> calls.write("writing slots", session -> null));
    assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();

    try {
      Integer recorded =
          CompletableFuture.supplyAsync(
                  () ->
                      calls.writeJdbc(
                          "recording a run",
                          true,
                          connection -> {
                            try (Statement sql = connection.createStatement()) {
                              sql.execute("CREATE TABLE runs (id INTEGER)");
                              return sql.executeUpdate("INSERT INTO runs VALUES (1)");
                            }
                          }))
              .get(10, TimeUnit.SECONDS);

      assertThat(recorded).isEqualTo(1);
      assertThat(sessionWrite).isNotDone(); // still waiting for the boot
    } finally {
      booted.countDown();
      pool.close();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
