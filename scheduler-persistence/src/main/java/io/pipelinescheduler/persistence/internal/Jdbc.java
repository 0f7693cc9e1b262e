package io.pipelinescheduler.persistence.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hibernate.StatelessSession;

/**
 * Plain JDBC for statements that write many rows at once, inside the session's transaction. On
 * SQLite (in process) a JDBC batch of one statement per row; on PostgreSQL one statement for all
 * rows, whose values come as one array per column ({@code unnest}), so that a thousand rows cost
 * one statement, not a thousand.
 */
final class Jdbc {
  /**
   * A column written from each item.
   *
   * @param name the column's name
   * @param pgType its PostgreSQL type, for the array the values are sent in
   * @param jdbcType its {@link Types} code, for NULL
   * @param value the item's value (Long, Integer, String, Boolean or null)
   */
  record Column<T>(String name, String pgType, int jdbcType, Function<T, Object> value) {
    static <T> Column<T> text(String name, Function<T, Object> value) {
      return new Column<>(name, "text", Types.VARCHAR, value);
    }

    static <T> Column<T> bigint(String name, Function<T, Object> value) {
      return new Column<>(name, "int8", Types.BIGINT, value);
    }

    static <T> Column<T> integer(String name, Function<T, Object> value) {
      return new Column<>(name, "int4", Types.INTEGER, value);
    }

    static <T> Column<T> bool(String name, Function<T, Object> value) {
      return new Column<>(name, "bool", Types.BOOLEAN, value);
    }
  }

  private Jdbc() {}

  /**
   * Inserts one row per item, skipping those that conflict with a row already there; for each item,
   * in order, whether its row was inserted.
   *
   * @param key the column (the first of {@code columns}) that tells the items apart
   * @param onConflict e.g. {@code ON CONFLICT (a, b) DO NOTHING}
   */
  static <T> List<Boolean> insert(
      StatelessSession session,
      DatabaseKind kind,
      String table,
      List<Column<T>> columns,
      String onConflict,
      List<T> items) {
    String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
    if (kind == DatabaseKind.POSTGRESQL) {
      String sql =
          "INSERT INTO "
              + table
              + " ("
              + names
              + ") SELECT * FROM "
              + unnest(columns, "u")
              + " "
              + onConflict
              + " RETURNING "
              + columns.get(0).name();
      return returned(session, sql, columns, columns.get(0), items);
    }
    String sql =
        "INSERT INTO "
            + table
            + " ("
            + names
            + ") VALUES ("
            + columns.stream().map(c -> "?").collect(Collectors.joining(", "))
            + ") "
            + onConflict;
    return batch(session, sql, columns, items);
  }

  /**
   * Updates the row of each item, found by its {@code key} column, where {@code condition} (on the
   * table's columns, e.g. {@code status = 'RUNNING'}) holds; for each item, in order, whether a row
   * was updated.
   */
  static <T> List<Boolean> update(
      StatelessSession session,
      DatabaseKind kind,
      String table,
      List<Column<T>> set,
      Column<T> key,
      String condition,
      List<T> items) {
    return update(session, kind, table, set, List.of(key), condition, items);
  }

  /**
   * As {@link #update(StatelessSession, DatabaseKind, String, List, Column, String, List)}, with a
   * row found by several columns, each equal to the item's value (the first one is the key); none
   * of them may be among the {@code set} columns.
   */
  static <T> List<Boolean> update(
      StatelessSession session,
      DatabaseKind kind,
      String table,
      List<Column<T>> set,
      List<Column<T>> keys,
      String condition,
      List<T> items) {
    Column<T> key = keys.get(0);
    List<Column<T>> columns = new ArrayList<>(set);
    columns.addAll(keys);
    String where = condition == null ? "" : " AND t." + condition;
    if (kind == DatabaseKind.POSTGRESQL) {
      String sql =
          "UPDATE "
              + table
              + " AS t SET "
              + set.stream()
                  .map(c -> c.name() + " = u." + c.name())
                  .collect(Collectors.joining(", "))
              + " FROM "
              + unnest(columns, "u")
              + " WHERE "
              + keys.stream()
                  .map(c -> "t." + c.name() + " = u." + c.name())
                  .collect(Collectors.joining(" AND "))
              + where
              + " RETURNING t."
              + key.name();
      return returned(session, sql, columns, key, items);
    }
    String sql =
        "UPDATE "
            + table
            + " AS t SET "
            + set.stream().map(c -> c.name() + " = ?").collect(Collectors.joining(", "))
            + " WHERE "
            + keys.stream().map(c -> "t." + c.name() + " = ?").collect(Collectors.joining(" AND "))
            + where;
    return batch(session, sql, columns, items);
  }

  private static <T> String unnest(List<Column<T>> columns, String alias) {
    return "unnest("
        + columns.stream().map(c -> "?::" + c.pgType() + "[]").collect(Collectors.joining(", "))
        + ") AS "
        + alias
        + " ("
        + columns.stream().map(Column::name).collect(Collectors.joining(", "))
        + ")";
  }

  /** PostgreSQL: one statement; the items whose key comes back were written. */
  private static <T> List<Boolean> returned(
      StatelessSession session, String sql, List<Column<T>> columns, Column<T> key, List<T> items) {
    Set<String> written = new HashSet<>();
    session.doWork(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int c = 0; c < columns.size(); c++) {
              statement.setArray(c + 1, array(connection, columns.get(c), items));
            }
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                written.add(rows.getString(1));
              }
            }
          }
        });
    List<Boolean> result = new ArrayList<>(items.size());
    for (T item : items) {
      result.add(written.contains(String.valueOf(key.value().apply(item))));
    }
    return result;
  }

  private static <T> Array array(Connection connection, Column<T> column, List<T> items)
      throws SQLException {
    Object[] values = new Object[items.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = column.value().apply(items.get(i));
    }
    return connection.createArrayOf(column.pgType(), values);
  }

  /** SQLite: one JDBC batch; for each item whether it changed a row. */
  private static <T> List<Boolean> batch(
      StatelessSession session, String sql, List<Column<T>> columns, List<T> items) {
    List<Boolean> changed = new ArrayList<>(items.size());
    session.doWork(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (T item : items) {
              for (int c = 0; c < columns.size(); c++) {
                Object value = columns.get(c).value().apply(item);
                if (value == null) {
                  statement.setNull(c + 1, columns.get(c).jdbcType());
                } else {
                  statement.setObject(c + 1, value);
                }
              }
              statement.addBatch();
            }
            for (int count : statement.executeBatch()) {
              changed.add(count != 0);
            }
          }
        });
    return changed;
  }
}
