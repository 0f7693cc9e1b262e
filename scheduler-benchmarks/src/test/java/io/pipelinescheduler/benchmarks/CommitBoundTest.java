package io.pipelinescheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommitBoundTest {
  @Test
  void usedCommitsAreRunsTimesCommitsPerRunAgainstTheBound() {
    CommitBound figure = new CommitBound("run", 4_000, 2.5, 20_000);

    assertThat(figure.usedPerSecond()).isEqualTo(10_000);
    assertThat(figure.percentOfBound()).isEqualTo(50);
    assertThat(figure.perSecondAtBound()).isEqualTo(8_000);
    assertThat(figure.bound()).isFalse();
    assertThat(figure.verdict("db-scheduler", "bound (loop)"))
        .isEqualTo(
            "db-scheduler: 4,000 runs/s × 2.50 commits/run = 10,000 commits/s, 50 % of the bound"
                + " (loop) (20,000 commits/s): not bound by the commit rate; at this many commits"
                + " per run the bound would allow 8,000 runs/s, 2× the figure");
  }

  @Test
  void aBurstUsingFourFifthsOfTheBoundOrMoreIsBoundByIt() {
    CommitBound atFourFifths = new CommitBound("run", 8_000, 2, 20_000);
    CommitBound below = new CommitBound("run", 7_999, 2, 20_000);

    assertThat(atFourFifths.bound()).isTrue();
    assertThat(atFourFifths.verdict("x", "bound")).contains("**bound by the commit rate**");
    assertThat(below.bound()).isFalse();
  }

  @Test
  void anUnmeasuredFigureGivesNoVerdict() {
    assertThat(new CommitBound("run", Double.NaN, 0.1, 20_000).verdict("x", "bound"))
        .isEqualTo("x: not measured");
    assertThat(new CommitBound("run", 1_000, 0.1, Double.NaN).verdict("x", "bound"))
        .isEqualTo("x: not measured");
    assertThat(new CommitBound("run", 1_000, 0.1, 0).percentOfBound()).isNaN();
  }

  @Test
  void theVerdictNamesWhatIsCounted() {
    assertThat(new CommitBound("schedule", 9_000, 1, 10_000).verdict("single", "bound"))
        .isEqualTo(
            "single: 9,000 schedules/s × 1 commits/schedule = 9,000 commits/s, 90 % of the bound"
                + " (10,000 commits/s): **bound by the commit rate** (at this many commits per"
                + " schedule the bound allows 10,000 schedules/s)");
  }

  @Test
  void noCommitsPerRunLeaveTheRunsUnbounded() {
    assertThat(new CommitBound("run", 1_000, 0, 20_000).perSecondAtBound()).isInfinite();
  }
}
