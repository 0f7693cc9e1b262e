package io.pipelinescheduler.persistence.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.StatelessSession;

/** Plain JDBC for the statements that run once per item: one batch, one round trip. */
final class Jdbc {
  /** Sets one item's parameters on the statement. */
  @FunctionalInterface
  interface Binder<T> {
    void bind(PreparedStatement statement, T item) throws SQLException;
  }

  private Jdbc() {}

  /**
   * Runs {@code sql} once per item as one JDBC batch on the session's connection (inside its
   * transaction); for each item, in order, whether it changed a row.
   */
  static <T> List<Boolean> batch(
      StatelessSession session, String sql, List<T> items, Binder<T> binder) {
    List<Boolean> changed = new ArrayList<>(items.size());
    session.doWork(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (T item : items) {
              binder.bind(statement, item);
              statement.addBatch();
            }
            for (int count : statement.executeBatch()) {
              changed.add(count != 0);
            }
          }
        });
    return changed;
  }

  /** Sets a BIGINT parameter, or NULL. */
  static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }
}
