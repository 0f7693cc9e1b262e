package io.pipelinescheduler.persistence.internal;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells HikariCP to throw away a SQLite connection after an error that may have ended its
 * transaction behind the driver's back.
 *
 * <p>On {@code SQLITE_FULL}, {@code SQLITE_IOERR} and {@code SQLITE_NOMEM} SQLite rolls the whole
 * transaction back by itself. sqlite-jdbc does not notice: its {@code rollback()} then fails with
 * "cannot rollback - no transaction is active" before it opens the next transaction, so the
 * connection believes it is inside a transaction while SQLite runs every statement on its own.
 * Every later transaction on that connection writes its statements at once and then fails with
 * "cannot commit - no transaction is active", even after the disk has room again (see
 * xerial/sqlite-jdbc#683: the only way out is a new connection). Evicting the connection on these
 * errors makes the next call open a fresh one, so writes work as soon as space is back.
 */
final class SqliteBrokenConnections implements SQLExceptionOverride {
  private static final int SQLITE_NOMEM = 7;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_FULL = 13;

  @java.lang.Override
  public Override adjudicate(SQLException error) {
    return breaksTransaction(error) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
  }

  static boolean breaksTransaction(SQLException error) {
    int primary = error.getErrorCode() & 0xff;
    if (primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_NOMEM) {
      return true;
    }
    String message = error.getMessage();
    return message != null && message.contains("no transaction is active");
  }
}
