package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 3: {@code scheduleAll} validates a whole batch before anything is registered, then
 * registers it as single calls would (a replaced schedule keeps its state).
 */
class ScheduleAllTest {
  private static final Instant NOW = Instant.parse("2026-03-09T08:00:00Z");
  private static final Instant AT = NOW.plus(Duration.ofHours(1));

  private final SettableClock clock = new SettableClock(NOW);
  private final PipelineScheduler scheduler = TestSchedulers.started(clock);
  private final List<Object> sent = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    scheduler.close();
  }

  private void registerSendInvoice() {
    scheduler.registerJobType("send-invoice", (context, params) -> sent.add(params.get("id")));
  }

  @Test
  void a_batch_of_one_shots_is_registered_in_order_and_each_runs_at_its_time() {
    registerSendInvoice();
    List<Integer> ids = IntStream.range(0, 500).boxed().toList();

    List<ScheduleInfo> registered =
        scheduler.scheduleAll(
            b ->
                ids.forEach(
                    id ->
                        b.schedule("invoice-" + id)
                            .once(AT)
                            .run("send-invoice", Map.of("id", id))));
    clock.advance(Duration.ofHours(1));

    assertThat(registered).hasSize(500);
    assertThat(registered.get(0).name()).isEqualTo("invoice-0");
    assertThat(registered.get(499).nextRun().toInstant()).isEqualTo(AT);
    assertThat(scheduler.listSchedules()).hasSize(500);
    assertThat(sent).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void the_preview_the_registered_info_and_the_listing_show_the_same_spec_and_description() {
    List<ScheduleInfo> previews = new ArrayList<>();

    List<ScheduleInfo> registered =
        scheduler.scheduleAll(
            b -> {
              previews.add(b.schedule("ping").once(AT).run(context -> {}));
              previews.add(
                  b.schedule("report")
                      .every(Duration.ofMinutes(30))
                      .startAt(AT)
                      .description("the report")
                      .run(context -> {}));
            });
    ScheduleInfo single = scheduler.schedule("pong").once(AT).run(context -> {});

    assertThat(previews)
        .extracting(ScheduleInfo::spec, ScheduleInfo::description)
        .containsExactly(
            tuple("2026-03-09T09:00:00Z", "once at 2026-03-09T09:00Z"),
            tuple("PT30M", "the report"));
    assertThat(registered)
        .extracting(ScheduleInfo::spec, ScheduleInfo::description)
        .containsExactlyElementsOf(
            previews.stream().map(info -> tuple(info.spec(), info.description())).toList());
    assertThat(single.spec()).isEqualTo("2026-03-09T09:00:00Z");
    assertThat(single.description()).isEqualTo("once at 2026-03-09T09:00Z");
    assertThat(scheduler.listSchedules())
        .extracting(ScheduleInfo::name, ScheduleInfo::spec, ScheduleInfo::description)
        .containsExactlyInAnyOrder(
            tuple("ping", "2026-03-09T09:00:00Z", "once at 2026-03-09T09:00Z"),
            tuple("report", "PT30M", "the report"),
            tuple("pong", "2026-03-09T09:00:00Z", "once at 2026-03-09T09:00Z"));
  }

  @Test
  void run_in_a_batch_returns_a_preview_of_the_new_schedule_and_registers_nothing_yet() {
    List<ScheduleInfo> previews = new ArrayList<>();
    List<Integer> registeredMeanwhile = new ArrayList<>();

    scheduler.scheduleAll(
        b -> {
          previews.add(b.schedule("report").every(Duration.ofMinutes(30)).run(context -> {}));
          registeredMeanwhile.add(scheduler.listSchedules().size());
        });

    ScheduleInfo preview = previews.get(0);
    assertThat(preview.name()).isEqualTo("report");
    assertThat(preview.type()).isEqualTo(ScheduleType.INTERVAL);
    assertThat(preview.enabled()).isTrue();
    assertThat(preview.nextRun().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
    assertThat(preview.lastRun()).isNull();
    assertThat(registeredMeanwhile).containsExactly(0);
    assertThat(scheduler.listSchedules()).extracting(ScheduleInfo::name).containsExactly("report");
  }

  @Test
  void a_batch_with_one_bad_timing_registers_nothing_and_names_the_bad_one() {
    scheduler.scheduleInterval("existing", context -> {}, Duration.ofHours(1));

    assertThatThrownBy(
            () ->
                scheduler.scheduleAll(
                    b -> {
                      b.schedule("good-1").once(AT).run(context -> {});
                      b.schedule("bad-7").hourly(61).run(context -> {});
                      b.schedule("good-2").once(AT).run(context -> {});
                    }))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("bad-7")
        .hasMessageContaining("61")
        .extracting(e -> ((InvalidScheduleException) e).scheduleName())
        .isEqualTo("bad-7");
    assertThat(scheduler.listSchedules())
        .extracting(ScheduleInfo::name)
        .containsExactly("existing");
  }

  @Test
  void a_name_given_twice_in_a_batch_is_an_error_naming_it_and_registers_nothing() {
    assertThatThrownBy(
            () ->
                scheduler.scheduleAll(
                    b -> {
                      b.schedule("invoice-1").once(AT).run(context -> {});
                      b.schedule("invoice-2").once(AT).run(context -> {});
                      b.schedule("invoice-1").once(AT.plusSeconds(1)).run(context -> {});
                    }))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("'invoice-1'")
        .hasMessageContaining("given twice in this batch");
    assertThat(scheduler.listSchedules()).isEmpty();
  }

  @Test
  void a_schedule_begun_in_a_batch_but_never_run_is_an_error_naming_it() {
    assertThatThrownBy(
            () ->
                scheduler.scheduleAll(
                    b -> {
                      b.schedule("finished").once(AT).run(context -> {});
                      b.schedule("forgotten").once(AT);
                    }))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("'forgotten'")
        .hasMessageContaining("not finished with run(...)");
    assertThat(scheduler.listSchedules()).isEmpty();
  }

  @Test
  void a_bad_name_in_a_batch_fails_as_it_does_for_schedule() {
    assertThatThrownBy(() -> scheduler.scheduleAll(b -> b.schedule(" padded")))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("leading or trailing space");
    assertThat(scheduler.listSchedules()).isEmpty();
  }

  @Test
  void a_batch_kept_after_its_call_cannot_add_schedules() {
    List<ScheduleBatch> kept = new ArrayList<>();
    scheduler.scheduleAll(kept::add);

    assertThatThrownBy(() -> kept.get(0).schedule("late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("scheduleAll call has returned");
  }

  @Test
  void a_schedule_replaced_in_a_batch_keeps_its_disabled_state_and_last_run() throws Exception {
    scheduler.schedule("report").manual().run(context -> {});
    ExecutionRecord run = scheduler.runNow("report").get(10, TimeUnit.SECONDS);
    scheduler.disable("report");

    List<ScheduleInfo> registered =
        scheduler.scheduleAll(
            b -> {
              b.schedule("report").manual().description("replaced").run(context -> {});
              b.schedule("new-one").once(AT).run(context -> {});
            });

    ScheduleInfo report = registered.get(0);
    assertThat(report.description()).isEqualTo("replaced");
    assertThat(report.enabled()).isFalse();
    assertThat(report.lastRun().runId()).isEqualTo(run.runId());
    assertThat(registered.get(1).enabled()).isTrue();
  }

  @Test
  void an_empty_batch_registers_nothing() {
    assertThat(scheduler.scheduleAll(b -> {})).isEmpty();
  }
}
