package io.pipelinescheduler.persistence.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Plain JDBC for statements that write many rows at once, inside the caller's transaction: the
 * columns written and the two ways to send the rows (a batch, or one statement with an array per
 * column). The SQL of each database is built by its {@link Dialect}.
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

  /** The columns' names, joined by commas. */
  static <T> String names(List<Column<T>> columns) {
    return columns.stream().map(Column::name).collect(Collectors.joining(", "));
  }

  /** The {@code set} columns followed by the {@code keys}, the order their values are sent in. */
  static <T> List<Column<T>> concat(List<Column<T>> set, List<Column<T>> keys) {
    List<Column<T>> columns = new ArrayList<>(set);
    columns.addAll(keys);
    return columns;
  }

  /** {@code " AND t.<condition>"}, or nothing for a null condition. */
  static String andCondition(String condition) {
    return condition == null ? "" : " AND t." + condition;
  }

  /** One statement for all items (PostgreSQL); the items whose key comes back were written. */
  static <T> List<Boolean> returned(
      Connection connection, String sql, List<Column<T>> columns, Column<T> key, List<T> items)
      throws SQLException {
    Set<String> written = new HashSet<>();
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
    List<Boolean> result = new ArrayList<>(items.size());
    for (T item : items) {
      result.add(written.contains(String.valueOf(key.value().apply(item))));
    }
    return result;
  }

  /** Reads a value from the current row of a result set. */
  @FunctionalInterface
  interface RowReader<R> {
    R read(ResultSet rows) throws SQLException;
  }

  /**
   * Runs {@code select + " IN (?, …)"} for every chunk of {@code values} (500 at a time) on this
   * connection and returns what {@code reader} makes of each row, in the order read.
   */
  static <R> List<R> selectIn(
      Connection connection, String select, List<String> values, RowReader<R> reader)
      throws SQLException {
    List<R> found = new ArrayList<>();
    for (List<String> chunk : RunTable.chunks(values)) {
      String sql =
          select + " IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
      try (PreparedStatement query = connection.prepareStatement(sql)) {
        for (int i = 0; i < chunk.size(); i++) {
          query.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            found.add(reader.read(rows));
          }
        }
      }
    }
    return found;
  }

  /**
   * One column's values of every item, as a PostgreSQL array of the column's Java type: the driver
   * sends a {@code Long[]}, {@code Integer[]}, {@code Boolean[]} or {@code String[]} in binary,
   * where a plain {@code Object[]} is written out as an array literal that the server then parses.
   */
  static <T> Array array(Connection connection, Column<T> column, List<T> items)
      throws SQLException {
    return connection.createArrayOf(column.pgType(), values(column, items));
  }

  /**
   * The values as an array of the column's Java type; null stays null. Filled by one loop per type,
   * so that each loop stores into an array whose class the JIT knows.
   */
  static <T> Object[] values(Column<T> column, List<T> items) {
    int size = items.size();
    Function<T, Object> value = column.value();
    switch (column.jdbcType()) {
      case Types.BIGINT -> {
        Long[] values = new Long[size];
        for (int i = 0; i < size; i++) {
          Object v = value.apply(items.get(i));
          values[i] = v == null ? null : ((Number) v).longValue();
        }
        return values;
      }
      case Types.INTEGER -> {
        Integer[] values = new Integer[size];
        for (int i = 0; i < size; i++) {
          Object v = value.apply(items.get(i));
          values[i] = v == null ? null : ((Number) v).intValue();
        }
        return values;
      }
      case Types.BOOLEAN -> {
        Boolean[] values = new Boolean[size];
        for (int i = 0; i < size; i++) {
          values[i] = (Boolean) value.apply(items.get(i));
        }
        return values;
      }
      default -> {
        String[] values = new String[size];
        for (int i = 0; i < size; i++) {
          Object v = value.apply(items.get(i));
          values[i] = v == null ? null : v.toString();
        }
        return values;
      }
    }
  }

  /** One JDBC batch, a statement per item (SQLite); for each item whether it changed a row. */
  static <T> List<Boolean> batch(
      Connection connection, String sql, List<Column<T>> columns, List<T> items)
      throws SQLException {
    List<Boolean> changed = new ArrayList<>(items.size());
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
    return changed;
  }
}
