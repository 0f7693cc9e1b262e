package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.SchedulerException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;

/**
 * Runs each store operation in its own transaction and turns every failure into a {@link
 * SchedulerException} that names the database and the operation.
 *
 * <p>On SQLite, writers of this store take turns on a process-local lock (fair, so no thread
 * starves), and a writer of another process or store that holds the file longer than the busy
 * timeout makes the whole transaction retry with bounded, jittered backoff: {@code SQLITE_BUSY}
 * never reaches the caller unless the file stays locked for {@link #MAX_BUSY_WAIT}.
 *
 * <p>Run history goes through Hibernate stateless sessions; the schema's preparation and the saves
 * and reads of schedules run on a plain JDBC connection of the pool ({@link #readJdbc}, {@link
 * #writeJdbc}), so that they need not wait for Hibernate's boot on another thread (see {@link
 * BackgroundBoot}), with the same lock, retries and failures.
 *
 * <p>A caller's interrupt flag is set aside for the duration of the call (and restored after), so
 * that the record of a run that was interrupted (cancel, timeout) is still written.
 */
final class StoreCalls {
  /** How long a write waits in all for the file to be free before it fails. */
  static final Duration MAX_BUSY_WAIT = Duration.ofSeconds(30);

  private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final Supplier<SessionFactory> sessions;
  private final DataSource pool;
  private final DatabaseTarget target;
  private final Dialect dialect;
  private final ReentrantLock writeLock;
  private final StoreProbe probe;

  /**
   * @param sessions Hibernate's session factory, asked for at each session call (so it may still be
   *     booting while only JDBC calls run)
   * @param pool the connections of the JDBC calls
   */
  StoreCalls(
      Supplier<SessionFactory> sessions, DataSource pool, DatabaseTarget target, StoreProbe probe) {
    this.sessions = sessions;
    this.pool = pool;
    this.target = target;
    this.probe = probe;
    this.dialect = target.kind().dialect();
    this.writeLock = dialect.newWriteLock();
  }

  /** Runs a transaction that only reads. */
  <T> T read(String operation, Function<StatelessSession, T> work) {
    return inSession(operation, false, work);
  }

  /** Runs a transaction that writes; on SQLite one at a time per store. */
  <T> T write(String operation, Function<StatelessSession, T> work) {
    return inSession(operation, true, work);
  }

  /** Work on a plain JDBC connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs JDBC work that only reads, on a connection of the pool, outside a transaction. */
  <T> T readJdbc(String operation, SqlWork<T> work) {
    return call(operation, false, () -> onConnection(work, false));
  }

  /**
   * Runs JDBC work that writes, on a connection of the pool, in a transaction (committed when the
   * work returns) or not; on SQLite one at a time per store.
   */
  <T> T writeJdbc(String operation, boolean transaction, SqlWork<T> work) {
    return call(operation, true, () -> onConnection(work, transaction));
  }

  private <T> T onConnection(SqlWork<T> work, boolean transaction) {
    try (Connection connection = pool.getConnection()) {
      if (!transaction) {
        return work.run(connection);
      }
      connection.setAutoCommit(false);
      T result;
      try {
        result = work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        abortQuietly(connection, e);
        throw e;
      }
      connection.setAutoCommit(true);
      return result;
    } catch (SQLException e) {
      throw new JdbcFailure(e);
    }
  }

  /**
   * Rolls back and restores auto-commit after {@code cause}; what fails meanwhile is added to it.
   * The pool may have closed a connection that failed (SQLITE_FULL): then both fail too, and must
   * not hide why the work failed.
   */
  private static void abortQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** A {@link SQLException} of JDBC work, carried to {@link #translate} as its cause. */
  static final class JdbcFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JdbcFailure(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private <T> T inSession(String operation, boolean writes, Function<StatelessSession, T> work) {
    // Hibernate's boot is awaited before the write lock is taken: a writer waiting for the boot
    // must not hold the JDBC writers back (after a start, the first runs' records wait else).
    SessionFactory factory;
    try {
      factory = sessions.get();
    } catch (RuntimeException e) {
      throw translate(operation, e);
    }
    return call(operation, writes, () -> factory.fromStatelessTransaction(work));
  }

  private <T> T call(String operation, boolean writes, Supplier<T> attempt) {
    boolean interrupted = Thread.interrupted();
    boolean locked = false;
    try {
      long deadline = System.nanoTime() + MAX_BUSY_WAIT.toNanos();
      if (writes && writeLock != null) {
        while (true) {
          try {
            locked = writeLock.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            break;
          } catch (InterruptedException e) {
            interrupted = true; // keep waiting; the flag is restored at the end of the call
          }
        }
        if (!locked) {
          throw failure(
              operation,
              "other threads of this process kept writing for " + MAX_BUSY_WAIT + "; gave up",
              null);
        }
      }
      long backoff = FIRST_BACKOFF_NANOS;
      while (true) {
        try {
          return attempt.get();
        } catch (RuntimeException e) {
          if (!isBusy(e) || System.nanoTime() + backoff > deadline) {
            throw translate(operation, e);
          }
          // Another writer held the file past the busy timeout: wait a little and try again.
          LockSupport.parkNanos(backoff + ThreadLocalRandom.current().nextLong(backoff));
          interrupted |= Thread.interrupted(); // set aside an interrupt that came meanwhile
          backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
      }
    } finally {
      if (locked) {
        writeLock.unlock();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean isBusy(Throwable error) {
    return dialect.isBusy(error);
  }

  /**
   * The failure as a {@link SchedulerException} naming the database and operation; scheduler
   * exceptions and bad arguments pass unchanged. A failure that says the SQLite file is damaged is
   * reported to the probe, so that health shows it from now on.
   */
  RuntimeException translate(String operation, RuntimeException error) {
    if (error instanceof JdbcFailure jdbc) {
      return translateAny(operation, jdbc.getCause());
    }
    if (error instanceof SchedulerException
        || error instanceof IllegalArgumentException
        || error instanceof NullPointerException) {
      return error;
    }
    return translateAny(operation, error);
  }

  private RuntimeException translateAny(String operation, Throwable error) {
    String why = rootMessage(error);
    if (probe.isDamage(error)) {
      probe.damaged(why);
      why += "; the database file is damaged (see docs/persistence.md, Damaged files)";
    }
    return failure(operation, why, error);
  }

  private SchedulerException failure(String operation, String why, Throwable cause) {
    String message = target.describe() + ": " + operation + " failed: " + why;
    return cause == null ? new SchedulerException(message) : new SchedulerException(message, cause);
  }

  static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String own = error.getMessage();
    if (root == error || own == null) {
      return String.valueOf(message);
    }
    return own + " (" + root.getClass().getSimpleName() + ": " + message + ")";
  }
}
