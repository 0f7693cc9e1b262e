package io.pipelinescheduler.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

@SuppressWarnings("try") // scopes are opened for their effect on the MDC, never referenced
class RunMdcTest {
  private static final Logger log = LoggerFactory.getLogger(RunMdcTest.class);

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void lines_logged_inside_the_scope_carry_schedule_and_run_id_and_lines_after_do_not() {
    try (LogCapture logs = new LogCapture(RunMdcTest.class)) {
      try (RunMdc.Scope ignored = RunMdc.put("nightly-etl", "run-1")) {
        log.info("inside");
      }
      log.info("after");

      Map<String, String> inside = logs.events().get(0).getMDCPropertyMap();
      Map<String, String> after = logs.events().get(1).getMDCPropertyMap();
      assertThat(inside).containsEntry("schedule", "nightly-etl").containsEntry("runId", "run-1");
      assertThat(after).doesNotContainKeys("schedule", "runId");
      assertThat(logs.events())
          .extracting(ILoggingEvent::getMessage)
          .containsExactly("inside", "after");
    }
  }

  @Test
  void close_restores_the_values_there_were_before_and_leaves_other_keys_alone() {
    MDC.put("schedule", "outer");
    MDC.put("runId", "outer-run");
    MDC.put("requestId", "req-7");

    try (RunMdc.Scope ignored = RunMdc.put("inner", "inner-run")) {
      assertThat(MDC.get("schedule")).isEqualTo("inner");
      assertThat(MDC.get("runId")).isEqualTo("inner-run");
    }

    assertThat(MDC.get("schedule")).isEqualTo("outer");
    assertThat(MDC.get("runId")).isEqualTo("outer-run");
    assertThat(MDC.get("requestId")).isEqualTo("req-7");
  }

  @Test
  void nested_scopes_unwind_in_order_and_a_second_close_changes_nothing() {
    RunMdc.Scope outer = RunMdc.put("a", "run-a");
    RunMdc.Scope inner = RunMdc.put("b", "run-b");

    inner.close();
    String afterInner = MDC.get("runId");
    outer.close();
    inner.close();

    assertThat(afterInner).isEqualTo("run-a");
    assertThat(MDC.get("schedule")).isNull();
    assertThat(MDC.get("runId")).isNull();
  }

  @Test
  void a_null_value_removes_the_key_for_the_scope() {
    MDC.put("runId", "previous");

    try (RunMdc.Scope ignored = RunMdc.put("etl", null)) {
      assertThat(MDC.get("runId")).isNull();
      assertThat(MDC.get("schedule")).isEqualTo("etl");
    }

    assertThat(MDC.get("runId")).isEqualTo("previous");
  }
}
