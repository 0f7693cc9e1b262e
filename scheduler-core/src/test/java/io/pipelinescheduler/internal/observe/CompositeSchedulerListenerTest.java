package io.pipelinescheduler.internal.observe;

import static io.pipelinescheduler.internal.observe.Runs.SLOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.MisfirePolicy;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SkipReason;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositeSchedulerListenerTest {

  /** Writes down every callback it gets, prefixed with its name. */
  private static final class Recording implements SchedulerListener {
    private final String name;
    private final List<String> calls;

    Recording(String name, List<String> calls) {
      this.name = name;
      this.calls = calls;
    }

    @Override
    public void onRunStarted(ExecutionRecord run, Duration lateness) {
      calls.add(name + ":started " + run.runId() + " " + lateness);
    }

    @Override
    public void onRunSucceeded(ExecutionRecord run) {
      calls.add(name + ":succeeded " + run.runId());
    }

    @Override
    public void onRunFailed(ExecutionRecord run) {
      calls.add(name + ":failed " + run.runId());
    }

    @Override
    public void onRetryScheduled(ExecutionRecord failed, Instant retryAt) {
      calls.add(name + ":retry " + failed.runId() + " " + retryAt);
    }

    @Override
    public void onSlotSkipped(String schedule, Instant slot, SkipReason reason, String detail) {
      calls.add(name + ":skipped " + schedule + " " + reason + " " + detail);
    }

    @Override
    public void onMisfire(String schedule, long missed, MisfirePolicy policy) {
      calls.add(name + ":misfire " + schedule + " " + missed + " " + policy);
    }

    @Override
    public void onClaim(String schedule, Instant slot, boolean won) {
      calls.add(name + ":claim " + schedule + " " + won);
    }

    @Override
    public void onLeaseLost(String schedule, String runId) {
      calls.add(name + ":lease " + schedule + " " + runId);
    }

    @Override
    public void onBackendError(String backend, String operation, Exception error) {
      calls.add(name + ":backend " + backend + " " + operation + " " + error.getMessage());
    }
  }

  /** Throws from every callback. */
  private static final class Throwing implements SchedulerListener {
    @Override
    public void onRunFailed(ExecutionRecord run) {
      throw new IllegalStateException("listener broke on " + run.runId());
    }

    @Override
    public void onClaim(String schedule, Instant slot, boolean won) {
      throw new UnsupportedOperationException("no claims here");
    }
  }

  @Test
  void passes_every_callback_with_its_arguments_to_every_listener_in_order() {
    List<String> calls = new ArrayList<>();
    CompositeSchedulerListener all =
        new CompositeSchedulerListener(
            List.of(new Recording("a", calls), new Recording("b", calls)));
    ExecutionRecord running = Runs.running("etl", "r1");
    ExecutionRecord failed =
        Runs.finished("etl", "r1", ExecutionStatus.FAILED, Duration.ofSeconds(1), "x");

    all.onRunStarted(running, Duration.ofSeconds(2));
    all.onRunSucceeded(running);
    all.onRunFailed(failed);
    all.onRetryScheduled(failed, SLOT);
    all.onSlotSkipped("etl", SLOT, SkipReason.OVERLAP, "still running");
    all.onMisfire("etl", 3, MisfirePolicy.SKIP);
    all.onClaim("etl", SLOT, true);
    all.onLeaseLost("etl", "r1");
    all.onBackendError("redis", "claim", new IOException("reset"));

    assertThat(calls)
        .containsExactly(
            "a:started r1 PT2S",
            "b:started r1 PT2S",
            "a:succeeded r1",
            "b:succeeded r1",
            "a:failed r1",
            "b:failed r1",
            "a:retry r1 2024-03-01T02:00:00Z",
            "b:retry r1 2024-03-01T02:00:00Z",
            "a:skipped etl OVERLAP still running",
            "b:skipped etl OVERLAP still running",
            "a:misfire etl 3 SKIP",
            "b:misfire etl 3 SKIP",
            "a:claim etl true",
            "b:claim etl true",
            "a:lease etl r1",
            "b:lease etl r1",
            "a:backend redis claim reset",
            "b:backend redis claim reset");
  }

  @Test
  void a_throwing_listener_is_logged_and_the_others_are_still_called() {
    List<String> calls = new ArrayList<>();
    CompositeSchedulerListener all =
        new CompositeSchedulerListener(
            List.of(new Recording("a", calls), new Throwing(), new Recording("b", calls)));

    try (LogCapture logs = new LogCapture(CompositeSchedulerListener.class)) {
      all.onRunFailed(
          Runs.finished("etl", "r9", ExecutionStatus.FAILED, Duration.ofSeconds(1), "x"));
      all.onClaim("etl", SLOT, false);

      assertThat(calls)
          .containsExactly("a:failed r9", "b:failed r9", "a:claim etl false", "b:claim etl false");
      List<ILoggingEvent> warnings =
          logs.events().stream().filter(e -> e.getLevel() == Level.WARN).toList();
      assertThat(warnings).hasSize(2);
      assertThat(warnings.get(0).getFormattedMessage())
          .contains(Throwing.class.getName())
          .contains("onRunFailed");
      assertThat(warnings.get(0).getThrowableProxy().getMessage())
          .isEqualTo("listener broke on r9");
      assertThat(warnings.get(1).getFormattedMessage()).contains("onClaim");
    }
  }

  @Test
  void the_list_is_copied_and_null_listeners_are_refused() {
    List<SchedulerListener> given = new ArrayList<>(List.of(new Throwing()));
    CompositeSchedulerListener all = new CompositeSchedulerListener(given);

    given.add(new Throwing());

    assertThat(all.listeners()).hasSize(1);
    assertThatThrownBy(() -> new CompositeSchedulerListener(Arrays.asList(new Throwing(), null)))
        .isInstanceOf(NullPointerException.class);
  }
}
