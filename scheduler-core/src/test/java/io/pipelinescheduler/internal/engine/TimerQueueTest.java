package io.pipelinescheduler.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A slot entry comes due the slot lead before its slot, and entries are taken in the order they
 * come due, whatever their kind.
 */
class TimerQueueTest {
  private static final Duration LEAD = Duration.ofMillis(4);
  // A millisecond past a whole second: the lead reaches back into the second before.
  private static final Instant SLOT = Instant.parse("2026-03-09T08:00:00.001Z");

  private final TimerQueue queue = new TimerQueue(LEAD);

  @Test
  void a_slot_entry_comes_due_the_lead_before_its_slot() {
    queue.add(entry(TimerQueue.Kind.SLOT, SLOT));

    assertThat(queue.nextDue()).contains(SLOT.minus(LEAD));
    assertThat(taken(SLOT.minus(LEAD).minusNanos(1))).isEmpty();
    assertThat(taken(SLOT.minus(LEAD))).extracting(TimerQueue.Entry::slot).containsExactly(SLOT);
  }

  @Test
  void entries_are_taken_in_the_order_they_come_due_not_by_their_instants() {
    queue.add(entry(TimerQueue.Kind.RETRY, SLOT.minusMillis(2)));
    queue.add(entry(TimerQueue.Kind.SLOT, SLOT));

    assertThat(taken(SLOT.minusMillis(3)))
        .extracting(TimerQueue.Entry::kind)
        .containsExactly(TimerQueue.Kind.SLOT);
    assertThat(taken(SLOT.minusMillis(2)))
        .extracting(TimerQueue.Entry::kind)
        .containsExactly(TimerQueue.Kind.RETRY);
  }

  @Test
  void a_slot_put_back_for_the_slot_itself_comes_due_at_the_slot() {
    // As SlotTimetable.atSlot puts it: due the lead after the slot.
    queue.add(
        queue.entry(TimerQueue.Kind.SLOT, SLOT.plus(LEAD), null, 0, SLOT, 1, Trigger.SCHEDULED));
    queue.add(entry(TimerQueue.Kind.RETRY, SLOT.plusNanos(1)));

    assertThat(queue.nextDue()).contains(SLOT);
    assertThat(taken(SLOT.minusNanos(1))).isEmpty();
    assertThat(taken(SLOT.plusNanos(1)))
        .extracting(TimerQueue.Entry::kind)
        .containsExactly(TimerQueue.Kind.SLOT, TimerQueue.Kind.RETRY);
  }

  @Test
  void without_a_lead_a_slot_entry_comes_due_at_its_slot() {
    TimerQueue noLead = new TimerQueue(Duration.ZERO);
    noLead.add(noLead.entry(TimerQueue.Kind.SLOT, SLOT, null, 0, SLOT, 1, Trigger.SCHEDULED));

    List<TimerQueue.Entry> due = new ArrayList<>();
    noLead.pollDue(SLOT.minusNanos(1), 10, due);
    assertThat(due).isEmpty();
    noLead.pollDue(SLOT, 10, due);
    assertThat(due).hasSize(1);
  }

  private TimerQueue.Entry entry(TimerQueue.Kind kind, Instant due) {
    return queue.entry(kind, due, null, 0, due, 1, Trigger.SCHEDULED);
  }

  private List<TimerQueue.Entry> taken(Instant now) {
    List<TimerQueue.Entry> due = new ArrayList<>();
    queue.pollDue(now, 10, due);
    return due;
  }
}
