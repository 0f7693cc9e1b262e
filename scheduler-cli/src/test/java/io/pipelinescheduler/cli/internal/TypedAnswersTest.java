package io.pipelinescheduler.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What `new` makes of typed answers: timings, durations, arguments, generated names. */
class TypedAnswersTest {
  @Test
  void timingsAsTyped() {
    assertThat(TimingText.parse("manual")).isEqualTo(Map.of("kind", "manual"));
    assertThat(TimingText.parse(" daily 02:30 ")).isEqualTo(Map.of("kind", "daily", "at", "02:30"));
    assertThat(TimingText.parse("hourly 15")).isEqualTo(Map.of("kind", "hourly", "minute", 15));
    assertThat(TimingText.parse("every 30m")).isEqualTo(Map.of("kind", "every", "every", "PT30M"));
    assertThat(TimingText.parse("weekly monday 09:00"))
        .isEqualTo(Map.of("kind", "weekly", "day", "MONDAY", "at", "09:00"));
    assertThat(TimingText.parse("monthly 1 09:00"))
        .isEqualTo(Map.of("kind", "monthly", "dayOfMonth", 1, "at", "09:00"));
    assertThat(TimingText.parse("every 6 months 1 09:00"))
        .isEqualTo(Map.of("kind", "everyMonths", "months", 6, "dayOfMonth", 1, "at", "09:00"));
    assertThat(TimingText.parse("cron 0 2 * * 1-5"))
        .isEqualTo(Map.of("kind", "cron", "expression", "0 2 * * 1-5"));
    assertThat(TimingText.parse("once 2026-04-01T09:00:00Z"))
        .isEqualTo(Map.of("kind", "once", "at", "2026-04-01T09:00:00Z"));
  }

  @Test
  void aTimingOfNoFormIsNamedWithTheForms() {
    for (String bad : List.of("sometimes", "daily", "daily 25:00", "weekly funday 09:00", "cron")) {
      assertThatThrownBy(() -> TimingText.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("timing '" + bad + "'")
          .hasMessageContaining("daily HH:MM");
    }
  }

  @Test
  void durationsAsTyped() {
    assertThat(DurationText.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationText.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(DurationText.parse("pt5m")).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> DurationText.parse("soon")).hasMessageContaining("'soon'");
    assertThatThrownBy(() -> DurationText.parse("")).hasMessageContaining("not a duration");
  }

  @Test
  void argumentsAreQuotedAsInAShellAndNothingIsExpanded() {
    assertThat(Words.split("-c 'echo $HOME > out.txt'"))
        .containsExactly("-c", "echo $HOME > out.txt");
    assertThat(Words.split("a \"b c\" d\\ e ''")).containsExactly("a", "b c", "d e", "");
    assertThat(Words.split("   ")).isEmpty();
    assertThatThrownBy(() -> Words.split("'open")).hasMessageContaining("unclosed '");
  }

  @Test
  void generatedNamesSkipTakenOnes() {
    assertThat(WorkflowWizard.free("workflow_", Set.of())).isEqualTo("workflow_1");
    assertThat(WorkflowWizard.free("workflow_", Set.of("workflow_1", "workflow_2")))
        .isEqualTo("workflow_3");
  }

  @Test
  void pipedAnswersTakeDefaultsAtTheEndOfTheInputAndStopAtABadOne() {
    StringWriter prompts = new StringWriter();
    Prompter prompter =
        new Prompter(
            new BufferedReader(new StringReader("3\nmaybe\n")), new PrintWriter(prompts), false);
    int retries = prompter.ask("Retries", "0", Integer::parseInt);
    assertThat(retries).isEqualTo(3);
    assertThatThrownBy(() -> prompter.yes("Again?", false))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("'maybe'");
    assertThat(prompter.ask("Name", "workflow_1")).isEqualTo("workflow_1"); // end of input
    assertThat(prompts.toString()).contains("Retries [0]: 3", "Name [workflow_1]: workflow_1");
  }
}
