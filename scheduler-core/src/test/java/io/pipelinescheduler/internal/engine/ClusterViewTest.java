package io.pipelinescheduler.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.StoredInstance;
import io.pipelinescheduler.internal.time.Timings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who owns a schedule among the instances of a {@link ClusterView}. */
class ClusterViewTest {
  private static final Instant NOW = Instant.parse("2026-03-09T08:00:00Z");
  private static final Instant LIVE_SINCE = NOW.minusSeconds(60);

  private static StoredInstance instance(String id, Instant heartbeat, String... types) {
    return new StoredInstance(id, NOW.minusSeconds(3600), heartbeat, List.of(types), "2:ab");
  }

  private static ScheduleRuntime code(String name) {
    return runtime(name, null, null);
  }

  private static ScheduleRuntime ofType(String name, String type) {
    return runtime(name, new JobSpec(type, Map.of()), Map.of("job", type));
  }

  private static ScheduleRuntime runtime(String name, JobSpec spec, Map<String, Object> data) {
    ScheduleDefinition definition =
        new ScheduleDefinition(
            name,
            Timings.interval(name, Duration.ofMinutes(1), NOW),
            RunPolicy.DEFAULT,
            List.of(),
            null,
            context -> {},
            spec,
            data);
    return new ScheduleRuntime(name, definition, NOW);
  }

  private static List<ScheduleRuntime> codeSchedules(int count) {
    List<ScheduleRuntime> runtimes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      runtimes.add(code("job-" + i));
    }
    return runtimes;
  }

  private static Map<String, Integer> shares(ClusterView view, List<ScheduleRuntime> runtimes) {
    Map<String, Integer> shares = new HashMap<>();
    runtimes.forEach(runtime -> shares.merge(view.ownerOf(runtime), 1, Integer::sum));
    return shares;
  }

  @Test
  void every_instance_computes_the_same_owner_and_the_schedules_are_split_evenly() {
    List<StoredInstance> rows = List.of(instance("a", NOW), instance("b", NOW), instance("c", NOW));
    List<ScheduleRuntime> runtimes = codeSchedules(3_000);

    ClusterView fromA = new ClusterView(rows.get(0), rows, LIVE_SINCE);
    ClusterView fromC = new ClusterView(rows.get(2), rows, LIVE_SINCE);

    for (ScheduleRuntime runtime : runtimes) {
      assertThat(fromA.ownerOf(runtime)).isEqualTo(fromC.ownerOf(runtime));
    }
    assertThat(shares(fromA, runtimes).values())
        .allSatisfy(n -> assertThat(n).isBetween(850, 1150));
  }

  @Test
  void an_instance_that_joins_takes_schedules_only_from_others_never_moves_them_between_others() {
    StoredInstance a = instance("a", NOW);
    List<ScheduleRuntime> runtimes = codeSchedules(1_000);
    ClusterView before = new ClusterView(a, List.of(a, instance("b", NOW)), LIVE_SINCE);
    ClusterView after =
        new ClusterView(a, List.of(a, instance("b", NOW), instance("c", NOW)), LIVE_SINCE);

    for (ScheduleRuntime runtime : runtimes) {
      String now = after.ownerOf(runtime);
      assertThat(now).isIn(before.ownerOf(runtime), "c");
    }
  }

  @Test
  void an_instance_whose_heartbeat_is_older_than_the_timeout_owns_nothing() {
    StoredInstance a = instance("a", NOW);
    ClusterView view =
        new ClusterView(a, List.of(a, instance("dead", LIVE_SINCE.minusMillis(1))), LIVE_SINCE);

    assertThat(view.liveIds()).containsExactly("a");
    assertThat(view.isLive("dead")).isFalse();
    assertThat(view.heartbeatOf("dead")).isEqualTo(LIVE_SINCE.minusMillis(1));
    assertThat(shares(view, codeSchedules(100))).containsOnlyKeys("a");
  }

  @Test
  void a_job_type_schedule_is_owned_only_by_live_instances_with_the_type() {
    StoredInstance a = instance("a", NOW);
    ClusterView view =
        new ClusterView(
            a, List.of(a, instance("b", NOW, "mail"), instance("c", NOW, "mail")), LIVE_SINCE);
    List<ScheduleRuntime> mail = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      mail.add(ofType("invoice-" + i, "mail"));
    }

    assertThat(shares(view, mail)).containsOnlyKeys("b", "c");
    assertThat(view.liveJobTypes()).containsExactly("mail");
  }

  @Test
  void a_code_schedule_is_owned_only_by_instances_that_registered_the_same_code_schedules() {
    StoredInstance a = instance("a", NOW);
    StoredInstance other = new StoredInstance("b", NOW, NOW, List.of(), "7:ff");
    ClusterView view = new ClusterView(a, List.of(a, other), LIVE_SINCE);

    assertThat(shares(view, codeSchedules(100))).containsOnlyKeys("a");
  }

  @Test
  void the_code_digest_does_not_depend_on_the_order_of_registration_and_counts_code_only() {
    List<ScheduleRuntime> runtimes = codeSchedules(5);
    List<ScheduleRuntime> reversed = new ArrayList<>(runtimes);
    java.util.Collections.reverse(reversed);
    reversed.add(ofType("invoice-1", "mail"));

    assertThat(Membership.codeDigest(runtimes)).isEqualTo(Membership.codeDigest(reversed));
    assertThat(Membership.codeDigest(runtimes)).startsWith("5:");
    assertThat(Membership.codeDigest(codeSchedules(4)))
        .isNotEqualTo(Membership.codeDigest(runtimes));
  }
}
