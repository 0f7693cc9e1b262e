package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.spi.ScheduleChanges;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's feed of schedule changes: the database's triggers append every change of {@code
 * ps_schedules} to {@code ps_schedule_changes}, whoever made it (an instance in another process, an
 * operator's SQL); this reads the rows after the last one seen, four times a second, and deletes
 * rows older than an hour now and then. SQLite commits one writer at a time, so sequence numbers
 * become visible in order and none is skipped.
 */
final class SqliteChangeLog implements ScheduleChanges {
  private static final Logger log = LoggerFactory.getLogger(SqliteChangeLog.class);
  static final long POLL_MILLIS = 250;
  private static final int MAX_ROWS = 10_000;
  private static final Duration KEEP = Duration.ofHours(1);
  private static final long PRUNE_EVERY_POLLS = 240; // a minute

  private final StoreCalls calls;
  private final FeedThread thread;
  private Consumer<Set<String>> onChange;
  private long lastSeq;

  SqliteChangeLog(StoreCalls calls) {
    this.calls = calls;
    this.thread = new FeedThread("pipeline-scheduler-sqlite-changes", this::loop);
  }

  @Override
  public void watch(Consumer<Set<String>> listener) {
    this.onChange = listener;
    lastSeq =
        calls.readJdbc(
            "reading the latest schedule change",
            connection -> {
              try (Statement statement = connection.createStatement();
                  ResultSet rows =
                      statement.executeQuery("SELECT max(seq) FROM ps_schedule_changes")) {
                return rows.next() ? rows.getLong(1) : 0L;
              }
            });
    thread.start();
  }

  private void loop() {
    long polls = 0;
    boolean failing = false;
    while (thread.pause(POLL_MILLIS)) {
      try {
        Set<String> names = readNew();
        if (!names.isEmpty()) {
          onChange.accept(names);
        }
        if (++polls % PRUNE_EVERY_POLLS == 0) {
          prune();
        }
        failing = false;
      } catch (RuntimeException e) {
        if (!failing && !thread.closed()) {
          log.warn(
              "pipeline-scheduler: cannot read schedule changes; trying again every {} ms (the"
                  + " periodic refresh still runs): {}",
              POLL_MILLIS,
              e.toString());
        }
        failing = true;
      }
    }
  }

  private Set<String> readNew() {
    return calls.readJdbc(
        "reading schedule changes",
        connection -> {
          Set<String> names = new LinkedHashSet<>();
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT seq, name FROM ps_schedule_changes WHERE seq > ? ORDER BY seq LIMIT "
                      + MAX_ROWS)) {
            query.setLong(1, lastSeq);
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                lastSeq = rows.getLong(1);
                names.add(rows.getString(2));
              }
            }
          }
          return names;
        });
  }

  private void prune() {
    long cutoff = Micros.of(Instant.now().minus(KEEP));
    calls.writeJdbc(
        "deleting old schedule changes",
        false,
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM ps_schedule_changes WHERE changed_at < ?")) {
            delete.setLong(1, cutoff);
            return delete.executeUpdate();
          }
        });
  }

  @Override
  public void close() {
    thread.close();
  }
}
