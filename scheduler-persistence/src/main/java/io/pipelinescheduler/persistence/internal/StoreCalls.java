package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.SchedulerException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
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
 * <p>A caller's interrupt flag is set aside for the duration of the call (and restored after), so
 * that the record of a run that was interrupted (cancel, timeout) is still written.
 */
final class StoreCalls {
  /** How long a write waits in all for the file to be free before it fails. */
  static final Duration MAX_BUSY_WAIT = Duration.ofSeconds(30);

  private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final SessionFactory sessions;
  private final DatabaseTarget target;
  private final Dialect dialect;
  private final ReentrantLock writeLock;
  private final StoreProbe probe;

  StoreCalls(SessionFactory sessions, DatabaseTarget target, StoreProbe probe) {
    this.sessions = sessions;
    this.target = target;
    this.probe = probe;
    this.dialect = target.kind().dialect();
    this.writeLock = dialect.newWriteLock();
  }

  /** Runs a transaction that only reads. */
  <T> T read(String operation, Function<StatelessSession, T> work) {
    return call(operation, false, true, work);
  }

  /** Runs a transaction that writes; on SQLite one at a time per store. */
  <T> T write(String operation, Function<StatelessSession, T> work) {
    return call(operation, true, true, work);
  }

  /** Runs work that writes outside a transaction (e.g. a SQLite journal mode change). */
  <T> T writeWithoutTransaction(String operation, Function<StatelessSession, T> work) {
    return call(operation, true, false, work);
  }

  private <T> T call(
      String operation, boolean writes, boolean transaction, Function<StatelessSession, T> work) {
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
          return transaction
              ? sessions.fromStatelessTransaction(work)
              : sessions.fromStatelessSession(work);
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
    if (error instanceof SchedulerException
        || error instanceof IllegalArgumentException
        || error instanceof NullPointerException) {
      return error;
    }
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
