package io.pipelinescheduler.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header row and rows, columns padded to their widest cell. */
final class Table {
  private static final int MAX_CELL = 60;

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... header) {
    columns = header.length;
    rows.add(header);
  }

  /** Adds a row; null cells print as {@code -}, long ones are cut with {@code …}. */
  Table row(Object... cells) {
    String[] texts = new String[columns];
    for (int i = 0; i < columns; i++) {
      Object cell = i < cells.length ? cells[i] : null;
      String text = cell == null || cell.toString().isEmpty() ? "-" : cell.toString();
      text = text.replace('\n', ' ');
      texts[i] = text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 1) + "…" : text;
    }
    rows.add(texts);
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
