package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.spi.ScheduleChanges;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PostgresScheduleStoreTest extends JpaScheduleStoreContract {
  private final PostgresServer server = PostgresServer.shared();
  private String url;

  // Made on first use: the contract's @BeforeEach opens the store before a subclass's would run.
  private String url() {
    if (url == null) {
      url = server.newSchemaUrl();
    }
    return url;
  }

  @Override
  protected SchedulerConfig config() {
    return SchedulerConfig.builder()
        .dbUrl(url())
        .dbUser(server.user())
        .dbPassword(server.password())
        .build();
  }

  @Override
  protected Connection connect() throws SQLException {
    return server.connect(url());
  }

  @Test
  void health_details_mask_a_password_given_in_the_url() {
    // the embedded server trusts local connections; an external one needs its real password
    String secret = server.password() != null ? server.password() : "s3cret-Pa55word";
    String withPassword = url() + "&password=" + secret;
    try (JpaScheduleStore other =
        JpaScheduleStore.open(
            SchedulerConfig.builder().dbUrl(withPassword).dbUser(server.user()).build())) {

      assertThat(other.healthDetails().get("url"))
          .asString()
          .contains("password=***")
          .doesNotContain(secret);
      assertThat(other.toString()).doesNotContain(secret);
    }
  }

  @Test
  void the_change_feed_listens_before_watch_returns_so_no_later_change_is_missed()
      throws Exception {
    try (Connection watcher = connect();
        PreparedStatement listeners =
            watcher.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN ps_schedule_changes'"
                    + " AND datname = current_database()");
        ScheduleChanges feed = store.changes().orElseThrow()) {
      int before = count(listeners);
      feed.watch(names -> {});
      assertThat(count(listeners))
          .as("sessions listening for schedule changes")
          .isEqualTo(before + 1);
    }
  }

  @Test
  void opening_another_store_prepares_the_run_writes_and_leaves_every_run_as_it_was() {
    ExecutionRecord queued = queuedRun("report", T0, 1);
    ExecutionRecord running = queuedRun("report", T0.plusSeconds(60), 1);
    ExecutionRecord succeeded = queuedRun("other", T0, 1);
    store.insertRuns(List.of(queued, running, succeeded));
    ExecutionRecord started = running.start(T0.plusSeconds(61));
    store.markStarted(List.of(started));
    ExecutionRecord ended =
        succeeded
            .start(T0.plusSeconds(1))
            .finish(
                ExecutionStatus.SUCCEEDED, T0.plusSeconds(2), Duration.ofSeconds(1), null, "done");
    store.updateRuns(List.of(ended));

    // Its open sends the claim-time insert and the start and end updates with no rows.
    try (JpaScheduleStore other = JpaScheduleStore.open(config())) {
      assertThat(other.findRun(queued.runId())).contains(queued);
      assertThat(other.findRun(running.runId())).contains(started);
      assertThat(other.findRun(succeeded.runId())).contains(ended);
    }
  }

  @Test
  void a_role_that_may_only_read_still_opens_the_store_and_reads_the_runs() throws Exception {
    ExecutionRecord queued = queuedRun("report", T0, 1);
    store.insertRun(queued);
    String reader = "ps_reader_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    try (Connection admin = connect();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + reader + " LOGIN");
      statement.execute("GRANT USAGE ON SCHEMA " + admin.getSchema() + " TO " + reader);
      statement.execute(
          "GRANT SELECT ON ALL TABLES IN SCHEMA " + admin.getSchema() + " TO " + reader);
    }
    try {
      // Its open sends the run writes with no rows, which this role may not: the store opens.
      // The URL may name the test's user as a parameter, which would win over dbUser.
      String readerUrl = url().replaceAll("([?&])user=[^&]*&?", "$1");
      try (JpaScheduleStore readOnly =
          JpaScheduleStore.open(
              SchedulerConfig.builder().dbUrl(readerUrl).dbUser(reader).build())) {
        assertThat(readOnly.findRun(queued.runId())).contains(queued);
      }
    } finally {
      try (Connection admin = connect();
          Statement statement = admin.createStatement()) {
        statement.execute("DROP OWNED BY " + reader);
        statement.execute("DROP ROLE " + reader);
      }
    }
  }

  private static int count(PreparedStatement query) throws SQLException {
    try (ResultSet row = query.executeQuery()) {
      row.next();
      return row.getInt(1);
    }
  }

  @Test
  void a_heartbeat_leaves_out_a_run_another_transaction_is_writing_instead_of_waiting()
      throws Exception {
    ExecutionRecord locked = scheduledRun("report", T0, 1);
    ExecutionRecord free = scheduledRun("report", T0.plusSeconds(60), 1);
    store.insertRuns(List.of(locked, free));
    try (Connection other = connect()) {
      other.setAutoCommit(false);
      lockRun(other, locked.runId());

      CompletableFuture<Void> heartbeat =
          CompletableFuture.runAsync(
              () -> store.heartbeat(List.of(locked.runId(), free.runId()), T0.plusSeconds(300)));

      // Done while the other transaction still holds its row: nothing waited for it.
      heartbeat.get(10, TimeUnit.SECONDS);
      other.rollback();
    }
    assertThat(((JpaScheduleStore) store).findStaleRunning(T0.plusSeconds(200)))
        .extracting(ExecutionRecord::runId)
        .containsExactly(locked.runId());
  }

  @Test
  void a_batch_of_ends_that_loses_a_deadlock_is_written_all_the_same() throws Exception {
    ExecutionRecord first = scheduledRun("report", T0, 1);
    ExecutionRecord second = scheduledRun("report", T0.plusSeconds(60), 1);
    store.insertRuns(List.of(first, second));
    List<ExecutionRecord> ends =
        List.of(
            finished(first, ExecutionStatus.SUCCEEDED, T0.plusSeconds(10)),
            finished(second, ExecutionStatus.SUCCEEDED, T0.plusSeconds(70)));
    // Each run of the batch is held by the other transaction in turn: whichever row the batch
    // takes first, one order of the two makes it wait on the other while holding that row.
    for (ExecutionRecord held : List.of(second, first)) {
      ExecutionRecord wanted = held == second ? first : second;
      try (Connection other = connect()) {
        other.setAutoCommit(false);
        lockRun(other, held.runId());
        CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> store.updateRuns(ends));
        awaitWaitingForALock(other);
        // The batch waits for `held`; if it holds `wanted`, this closes the cycle and the
        // server rolls back the batch's transaction (it waited first), which must be tried again.
        lockRun(other, wanted.runId());
        other.commit();
        batch.get(30, TimeUnit.SECONDS);
      }
      assertThat(store.findRun(first.runId()).orElseThrow().status())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(store.findRun(second.runId()).orElseThrow().status())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      resetToRunning(first, second);
    }
  }

  private static void lockRun(Connection connection, String runId) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("UPDATE ps_runs SET node = node WHERE run_id = ?")) {
      lock.setString(1, runId);
      assertThat(lock.executeUpdate()).isEqualTo(1);
    }
  }

  /** Waits until a backend other than {@code mine} waits for a lock. */
  private void awaitWaitingForALock(Connection mine) throws Exception {
    int myPid;
    try (Statement statement = mine.createStatement();
        ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
      row.next();
      myPid = row.getInt(1);
    }
    try (Connection watcher = connect();
        PreparedStatement query =
            watcher.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> ?")) {
      query.setInt(1, myPid);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        try (ResultSet row = query.executeQuery()) {
          row.next();
          if (row.getInt(1) > 0) {
            return;
          }
        }
        Thread.onSpinWait();
      }
    }
    throw new AssertionError("the batch never waited for the row held by the other transaction");
  }

  private void resetToRunning(ExecutionRecord... runs) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement reset =
            connection.prepareStatement(
                "UPDATE ps_runs SET status = 'RUNNING', finished_at = NULL WHERE run_id = ?")) {
      for (ExecutionRecord run : runs) {
        reset.setString(1, run.runId());
        reset.executeUpdate();
      }
    }
  }
}
