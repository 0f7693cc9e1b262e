package io.pipelinescheduler.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * Asks questions with a default each: prompts go to stderr, answers come from stdin one line each,
 * and an empty line or the end of the input takes the default. Works the same on a terminal and
 * with answers piped in; on a terminal a bad answer is asked again, with piped answers it ends the
 * command with {@link ExitCode#USAGE} (asking again would read the next question's answer).
 */
final class Prompter {
  private final BufferedReader in;
  private final PrintWriter prompts;
  private final boolean terminal;

  Prompter(BufferedReader in, PrintWriter prompts, boolean terminal) {
    this.in = in;
    this.prompts = prompts;
    this.terminal = terminal;
  }

  /** The answer to {@code question}, or {@code defaultValue} when it is left empty. */
  String ask(String question, String defaultValue) {
    prompts.print(question + " [" + (defaultValue.isEmpty() ? "none" : defaultValue) + "]: ");
    prompts.flush();
    String line = readLine();
    String answer = line == null || line.isBlank() ? defaultValue : line.strip();
    if (!terminal) {
      prompts.println(answer); // the piped answer is not echoed by a terminal
      prompts.flush();
    }
    return answer;
  }

  /**
   * The answer to {@code question} made into a value by {@code parse}, which throws an {@link
   * IllegalArgumentException} saying what is wrong with an answer.
   */
  <T> T ask(String question, String defaultValue, Function<String, T> parse) {
    while (true) {
      String answer = ask(question, defaultValue);
      try {
        return parse.apply(answer);
      } catch (IllegalArgumentException e) {
        if (!terminal) {
          throw new CliException(ExitCode.USAGE, question + ": " + e.getMessage());
        }
        prompts.println("  " + e.getMessage());
      }
    }
  }

  /** A yes or no answer. */
  boolean yes(String question, boolean defaultValue) {
    return ask(question + " (y/n)", defaultValue ? "y" : "n", Prompter::yesNo);
  }

  private static boolean yesNo(String answer) {
    return switch (answer.toLowerCase(java.util.Locale.ROOT)) {
      case "y", "yes" -> true;
      case "n", "no" -> false;
      default -> throw new IllegalArgumentException("answer y or n, not '" + answer + "'");
    };
  }

  private String readLine() {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new CliException(ExitCode.ERROR, "cannot read the answers from stdin: " + e);
    }
  }
}
