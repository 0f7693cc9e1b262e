package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.SlotLock;
import io.pipelinescheduler.testsupport.LockBackendContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lock backend contract for the {@code database} backend, plus what only it does: leases kept
 * by the database's clock, renewal, and the sweep of rows whose lease ran out. Every backend opened
 * gets a store of its own on the same database, as another scheduler instance would. The database's
 * clock cannot be moved, so a test that needs a lease to run out moves the lease back in the table
 * instead, by the same SQL on both databases.
 */
abstract class DatabaseLockBackendContract extends LockBackendContract {
  private static final long SIX_MINUTES_MICROS = Duration.ofMinutes(6).toNanos() / 1000;

  private final List<JpaScheduleStore> stores = new ArrayList<>();
  private LockBackend second;

  /** A new store on this test's database. */
  protected abstract JpaScheduleStore openStore();

  /** A plain connection to this test's database. */
  protected abstract Connection connect() throws SQLException;

  @Override
  protected LockBackend newBackend(Clock clock) {
    return new DatabaseLockBackend(store(), clock);
  }

  @Override
  protected LockBackend secondInstance() {
    if (second == null) {
      second = open();
    }
    return second;
  }

  @AfterEach
  void closeStores() {
    stores.forEach(JpaScheduleStore::close);
  }

  private JpaScheduleStore store() {
    JpaScheduleStore store = openStore();
    stores.add(store);
    return store;
  }

  @Test
  void the_claim_of_a_holder_that_died_is_taken_once_its_lease_runs_out_by_the_database_clock()
      throws SQLException {
    LockBackend dying = open();
    dying.tryClaim(claim("node-a")).orElseThrow();
    dying.close(); // died: never released, never renewed again

    Optional<SlotLock> whileLeased = secondInstance().tryClaim(claim("node-b"));
    moveLeasesBack();
    Optional<SlotLock> afterLease = secondInstance().tryClaim(claim("node-b"));
    Optional<SlotLock> third = backend.tryClaim(claim("node-c"));

    assertThat(whileLeased).isEmpty();
    assertThat(afterLease).isPresent();
    assertThat(third).isEmpty();
  }

  @Test
  void a_running_claim_is_renewed_so_its_lease_never_runs_out_while_its_holder_lives()
      throws SQLException {
    LockBackend renewing = new DatabaseLockBackend(store(), clock, Duration.ofMillis(50));
    try {
      renewing.tryClaim(claim("node-a")).orElseThrow();
      long leased = leaseUntil();

      await().atMost(Duration.ofSeconds(10)).until(() -> leaseUntil() > leased);
    } finally {
      renewing.close();
    }
  }

  @Test
  void a_claim_whose_row_another_instance_took_is_lost_for_its_old_holder() throws SQLException {
    LockBackend renewing = new DatabaseLockBackend(store(), clock, Duration.ofMillis(50));
    try {
      SlotLock old = renewing.tryClaim(claim("node-a")).orElseThrow();
      // As if the holder had hung past its lease and the row had been swept (moving the lease
      // back would race with the renewal, which pushes it forward).
      sql("DELETE FROM ps_claims");
      SlotLock taken = secondInstance().tryClaim(claim("node-b")).orElseThrow();

      await().atMost(Duration.ofSeconds(10)).until(old::isLost);
      assertThat(taken.isLost()).isFalse();
      assertThat(renewing.healthDetails()).containsEntry("leasesLost", 1L);
    } finally {
      renewing.close();
    }
  }

  @Test
  void rows_whose_lease_ran_out_are_swept_and_live_ones_stay() throws SQLException {
    backend.tryClaim(claim("finished", SLOT, 1, "node-a")).orElseThrow().release();
    backend.tryClaim(claim("dead", SLOT, 1, "node-a")).orElseThrow();
    moveLeasesBack();
    SlotLock live = backend.tryClaim(claim("live", SLOT, 1, "node-a")).orElseThrow();

    int swept = ((DatabaseLockBackend) backend).sweepExpired();

    assertThat(swept).isEqualTo(2);
    assertThat(claimKeys()).containsExactly("live|" + SLOT.toEpochMilli() + "|1");
    assertThat(live.isLost()).isFalse();
  }

  @Test
  void health_details_name_the_database_and_the_table() {
    assertThat(backend.healthDetails())
        .containsEntry("backend", "database")
        .containsEntry("table", "ps_claims")
        .containsKey("database");
  }

  /** Moves every lease six minutes back, as if that much time had passed on the database. */
  private void moveLeasesBack() throws SQLException {
    sql("UPDATE ps_claims SET lease_until = lease_until - " + SIX_MINUTES_MICROS);
  }

  private void sql(String statementText) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(statementText);
    }
  }

  private long leaseUntil() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT max(lease_until) FROM ps_claims")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private List<String> claimKeys() throws SQLException {
    List<String> keys = new ArrayList<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT claim_key FROM ps_claims")) {
      while (rows.next()) {
        keys.add(rows.getString(1));
      }
    }
    return keys;
  }
}
