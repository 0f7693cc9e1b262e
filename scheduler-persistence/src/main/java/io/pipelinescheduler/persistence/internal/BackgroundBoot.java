package io.pipelinescheduler.persistence.internal;

import javax.sql.DataSource;
import org.hibernate.SessionFactory;

/**
 * Boots Hibernate on a thread of its own ({@code pipeline-scheduler-hibernate-boot}, a daemon), so
 * that opening the store and starting the scheduler do not wait for it; the first call that needs a
 * session {@linkplain #await() waits} instead. Used where the boot needs no connection ({@link
 * HibernateBoot#needsNoConnection}). Thread-safe.
 */
final class BackgroundBoot {
  private final Thread thread;
  private SessionFactory sessions;
  private Throwable failure;
  private boolean done;
  private boolean abandoned;

  private BackgroundBoot(Dialect dialect, DataSource dataSource) {
    thread = new Thread(() -> boot(dialect, dataSource), "pipeline-scheduler-hibernate-boot");
    thread.setDaemon(true);
  }

  /** A boot of Hibernate on {@code dataSource}, not started yet. */
  static BackgroundBoot prepare(Dialect dialect, DataSource dataSource) {
    return new BackgroundBoot(dialect, dataSource);
  }

  /** Starts the boot, unless it was abandoned; called once. */
  void start() {
    synchronized (this) {
      if (abandoned) {
        return;
      }
    }
    thread.start();
  }

  private void boot(Dialect dialect, DataSource dataSource) {
    SessionFactory built = null;
    Throwable error = null;
    try {
      built = HibernateBoot.sessionFactory(dialect, dataSource);
    } catch (RuntimeException | Error e) {
      error = e;
    }
    boolean close;
    synchronized (this) {
      sessions = built;
      failure = error;
      done = true;
      close = abandoned && built != null;
      notifyAll();
    }
    if (close) {
      built.close();
    }
  }

  /**
   * Waits for the boot and returns its session factory; an exception of the boot is thrown here, on
   * the caller's thread. An interrupt is set aside until the boot is done, then restored.
   */
  SessionFactory await() {
    boolean interrupted = false;
    try {
      synchronized (this) {
        while (!done) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (failure instanceof RuntimeException e) {
          throw e;
        }
        if (failure instanceof Error e) {
          throw e;
        }
        return sessions;
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The store did not open, or is closed: the session factory is closed when the boot is done (now,
   * or by the boot's thread later), without waiting for it here; a boot not started never starts.
   */
  void abandon() {
    SessionFactory close;
    synchronized (this) {
      abandoned = true;
      close = done ? sessions : null;
      sessions = null;
    }
    if (close != null && close.isOpen()) {
      close.close();
    }
  }
}
