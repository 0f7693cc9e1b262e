package io.pipelinescheduler.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a scheduler: opens the backend its {@link Connection} options name, runs,
 * closes it, and returns the exit code. Errors are thrown as {@link CliException}s.
 */
abstract class BackendCommand implements Callable<Integer> {
  @Mixin Connection connection;
  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    try (Backend backend = connection.open()) {
      return run(backend);
    }
  }

  /** Does the command's work; returns its exit code. */
  abstract int run(Backend backend);

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  boolean json() {
    return connection.json();
  }

  void printJson(Object value) {
    out().println(Json.write(value));
    out().flush();
  }

  /** Prints {@code value} as JSON with {@code --json}, else {@code line}. */
  void report(Object value, String line) {
    if (json()) {
      printJson(value);
    } else {
      out().println(line);
      out().flush();
    }
  }

  /** A field as text, null when missing or null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }
}
