package io.pipelinescheduler.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UnclaimedSlotsTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  @Test
  void slots_within_the_grace_are_kept_one_by_one_and_older_ones_only_counted() {
    UnclaimedSlots slots = new UnclaimedSlots(T0);
    for (int i = 0; i < 10; i++) {
      slots.add(T0.plusSeconds(i), T0.plusSeconds(i).minusSeconds(60), 0);
    }

    slots.missBefore(T0.plusSeconds(4), 0);

    assertThat(slots.late())
        .containsExactly(
            T0.plusSeconds(4),
            T0.plusSeconds(5),
            T0.plusSeconds(6),
            T0.plusSeconds(7),
            T0.plusSeconds(8),
            T0.plusSeconds(9));
    assertThat(slots.missed().count()).isEqualTo(4);
    assertThat(slots.missed().last()).isEqualTo(T0.plusSeconds(3));
    assertThat(slots.missed().kept()).isEmpty();
  }

  @Test
  void a_million_slots_keep_at_most_the_bound_one_by_one_and_fire_all_its_limit() {
    UnclaimedSlots slots = new UnclaimedSlots(T0);
    Instant cutoff = T0.minusSeconds(1);
    for (int i = 0; i < 1_000_000; i++) {
      slots.add(T0.plusMillis(i), cutoff, 100);
    }

    assertThat(slots.late())
        .hasSize(UnclaimedSlots.MAX_LATE)
        .startsWith(T0.plusMillis(1_000_000 - UnclaimedSlots.MAX_LATE))
        .endsWith(T0.plusMillis(999_999));
    assertThat(slots.missed().count()).isEqualTo(1_000_000 - UnclaimedSlots.MAX_LATE);
    assertThat(slots.missed().kept())
        .hasSize(100)
        .startsWith(T0.plusMillis(1_000_000 - UnclaimedSlots.MAX_LATE - 100))
        .endsWith(T0.plusMillis(1_000_000 - UnclaimedSlots.MAX_LATE - 1));
    assertThat(slots.size()).isEqualTo(1_000_000);
  }

  @Test
  void slots_added_out_of_order_come_back_oldest_first() {
    UnclaimedSlots slots = new UnclaimedSlots(T0);
    Instant cutoff = T0.minusSeconds(60);

    slots.add(T0.plusSeconds(3), cutoff, 0);
    slots.add(T0.plusSeconds(1), cutoff, 0);
    slots.add(T0.plusSeconds(2), cutoff, 0);
    slots.add(T0.plusSeconds(1), cutoff, 0);

    assertThat(slots.late())
        .containsExactly(T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3));
  }
}
