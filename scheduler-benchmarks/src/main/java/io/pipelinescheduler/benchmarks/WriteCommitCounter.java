package io.pipelinescheduler.benchmarks;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Counts the write transactions committed through a {@link DataSource}: a {@code commit()} after a
 * statement that writes, a statement that writes in auto-commit mode, and a switch back to
 * auto-commit after one that writes (it commits). SQLite keeps no count of its commits, so this
 * counts them on their way from the scheduler's pool to the driver. A statement writes unless it is
 * a {@code SELECT} or a {@code PRAGMA} query; read-only transactions are not counted.
 */
final class WriteCommitCounter implements DataSource {
  private final DataSource target;
  private final AtomicLong commits = new AtomicLong();

  WriteCommitCounter(DataSource target) {
    this.target = target;
  }

  /** Write transactions committed so far through connections of this data source. */
  long commits() {
    return commits.get();
  }

  /** Whether a statement's SQL may write (anything but a query or a pragma). */
  static boolean writes(String sql) {
    String head = sql.stripLeading().toUpperCase(Locale.ROOT);
    return !(head.startsWith("SELECT") || head.startsWith("PRAGMA") || head.startsWith("EXPLAIN"));
  }

  @Override
  public Connection getConnection() throws SQLException {
    return counted(target.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return counted(target.getConnection(username, password));
  }

  private Connection counted(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new ConnectionHandler(connection));
  }

  /** One connection: whether a write waits for its commit. */
  private final class ConnectionHandler implements InvocationHandler {
    private final Connection connection;
    private boolean autoCommit = true;
    private boolean written;

    ConnectionHandler(Connection connection) {
      this.connection = connection;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Object result = call(connection, method, args);
      switch (method.getName()) {
        case "commit" -> committed();
        case "rollback" -> {
          if (args == null) {
            written = false;
          }
        }
        case "setAutoCommit" -> {
          boolean on = (Boolean) args[0];
          if (on && !autoCommit) {
            committed();
          }
          autoCommit = on;
        }
        case "createStatement" -> {
          return statement(Statement.class, (Statement) result, null);
        }
        case "prepareStatement" -> {
          return statement(PreparedStatement.class, (Statement) result, (String) args[0]);
        }
        case "prepareCall" -> {
          return statement(CallableStatement.class, (Statement) result, (String) args[0]);
        }
        default -> {}
      }
      return result;
    }

    private void committed() {
      if (written) {
        commits.incrementAndGet();
      }
      written = false;
    }

    /** A statement ran: {@code sql} is null when it is unknown (a batch of plain statements). */
    void executed(String sql) {
      if (sql != null && !writes(sql)) {
        return;
      }
      if (autoCommit) {
        commits.incrementAndGet();
      } else {
        written = true;
      }
    }

    private Object statement(Class<? extends Statement> type, Statement statement, String sql) {
      return Proxy.newProxyInstance(
          type.getClassLoader(),
          new Class<?>[] {type},
          (proxy, method, args) -> {
            Object result = call(statement, method, args);
            if (method.getName().startsWith("execute")) {
              boolean ownSql = args != null && args.length > 0 && args[0] instanceof String;
              boolean batch = method.getName().contains("Batch");
              executed(ownSql ? (String) args[0] : batch && sql == null ? null : sql);
            }
            return result;
          });
    }
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return target.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return target.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return target.isWrapperFor(iface);
  }
}
