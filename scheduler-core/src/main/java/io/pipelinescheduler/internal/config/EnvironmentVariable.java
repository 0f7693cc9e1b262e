package io.pipelinescheduler.internal.config;

import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.spi.Secrets;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * One {@code SCHEDULER_*} variable: its name, what it expects (for error messages), how its value
 * is shown in messages (masked for URLs that may carry a password) and how it feeds the builder.
 *
 * @param name the variable, e.g. {@code SCHEDULER_MAX_CONCURRENT}
 * @param expected what a good value looks like, e.g. "a whole number of at least 1, e.g. 10"
 * @param display how a value is quoted in messages
 * @param apply parses the stripped, non-blank value and calls the builder setter
 */
public record EnvironmentVariable(
    String name,
    String expected,
    UnaryOperator<String> display,
    BiConsumer<SchedulerConfig.Builder, String> apply) {

  /** A variable whose value can be quoted as it is. */
  static EnvironmentVariable of(
      String name, String expected, BiConsumer<SchedulerConfig.Builder, String> apply) {
    return new EnvironmentVariable(name, expected, UnaryOperator.identity(), apply);
  }

  /** A URL variable whose value is quoted with passwords masked. */
  static EnvironmentVariable url(
      String name, String expected, BiConsumer<SchedulerConfig.Builder, String> apply) {
    return new EnvironmentVariable(name, expected, Secrets::maskUrl, apply);
  }
}
