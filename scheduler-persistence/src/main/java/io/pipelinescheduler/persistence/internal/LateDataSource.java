package io.pipelinescheduler.persistence.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that stands for a pool still being opened: Hibernate can boot with it while
 * the pool opens on another thread. Each call waits for the pool, then goes to it. Thread-safe.
 */
final class LateDataSource implements DataSource {
  private final CompletableFuture<DataSource> pool = new CompletableFuture<>();

  /** The pool is open: calls go to it from now on. */
  void open(DataSource dataSource) {
    pool.complete(dataSource);
  }

  /** The pool could not be opened: calls fail with this cause from now on. */
  void failed(Throwable cause) {
    pool.completeExceptionally(cause);
  }

  private DataSource pool() throws SQLException {
    DataSource ready = pool.getNow(null);
    if (ready != null) {
      return ready;
    }
    try {
      return pool.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while the connection pool opened", e);
    } catch (ExecutionException e) {
      throw new SQLException("the connection pool did not open: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return pool().getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return pool().getConnection(username, password);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool().getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool().setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool().setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool().getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return type.isInstance(this) ? type.cast(this) : pool().unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || pool().isWrapperFor(type);
  }
}
