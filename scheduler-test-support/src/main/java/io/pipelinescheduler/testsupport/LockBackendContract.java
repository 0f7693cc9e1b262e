package io.pipelinescheduler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.SlotLock;
import io.pipelinescheduler.spi.StorageLockBackend;
import io.pipelinescheduler.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LockBackend} must have: at most one winner per slot, tombstones of at
 * least {@link StorageLockBackend#MINIMUM_TOMBSTONE} counted from the release, batch claims and
 * releases, health details, refusal after close, and many threads racing for the same slots ({@link
 * ClaimRace}). The built-in {@code local}, {@code file}, {@code redis} and {@code database}
 * backends pass it.
 *
 * <p>A backend author adds {@code io.pipelinescheduler:scheduler-test-support} in test scope and
 * subclasses this in a JUnit 5 test:
 *
 * <pre>{@code
 * class MyLockBackendTest extends LockBackendContract {
 *   protected LockBackend newBackend(Clock clock) {
 *     return new MyLockBackend(sharedStorage, clock); // reads time only from this clock
 *   }
 *
 *   protected LockBackend secondInstance() {
 *     return open(); // another instance on the same storage, as another scheduler would have
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh {@link #backend} on a {@link SettableClock} standing at {@link #START};
 * every backend opened through {@link #open()} is closed after the test. The storage must be empty,
 * or at least hold no claim of the slots used here, when a test starts. A backend whose storage
 * keeps its own time (Redis expiries) overrides {@link #advance} if it can move that time too; the
 * tests move time by at most a day.
 */
public abstract class LockBackendContract {
  /** Where the clock stands when a test starts. */
  protected static final Instant START = Instant.parse("2030-03-01T12:00:00Z");

  /** The slot most tests claim. */
  protected static final Instant SLOT = Instant.parse("2030-03-01T11:00:00Z");

  /** The tombstone most claims ask for: shorter than the minimum, so the minimum applies. */
  protected static final Duration SHORT = Duration.ofSeconds(10);

  /** The wall clock of every backend this test opens. */
  protected final SettableClock clock = new SettableClock(START);

  /** The backend under test, opened before each test. */
  protected LockBackend backend;

  private final List<LockBackend> opened = new ArrayList<>();

  /** A new backend instance on this test's storage, reading the given clock. */
  protected abstract LockBackend newBackend(Clock clock);

  /**
   * A second instance that competes with {@link #backend} as another scheduler instance would; the
   * same instance for backends that serve a single instance.
   */
  protected LockBackend secondInstance() {
    return backend;
  }

  /** Moves time forward for the backend; the settable clock by default. */
  protected void advance(Duration duration) {
    clock.advance(duration);
  }

  /** Opens another backend on this test's storage; it is closed after the test. */
  protected final LockBackend open() {
    LockBackend b = newBackend(clock);
    opened.add(b);
    return b;
  }

  @BeforeEach
  void openBackend() {
    backend = open();
  }

  @AfterEach
  void closeBackends() {
    opened.forEach(LockBackend::close);
  }

  /** A claim of one attempt of a slot, asking for the {@link #SHORT} tombstone. */
  protected static SlotClaim claim(String schedule, Instant slot, int attempt, String owner) {
    return new SlotClaim(schedule, slot, attempt, owner, SHORT);
  }

  /** The claim of attempt 1 of {@link #SLOT} of {@code nightly-report} by {@code owner}. */
  protected static SlotClaim claim(String owner) {
    return claim("nightly-report", SLOT, 1, owner);
  }

  @Test
  void the_first_claim_wins_and_a_second_claim_of_the_same_slot_loses() {
    Optional<SlotLock> first = backend.tryClaim(claim("node-a"));
    Optional<SlotLock> second = secondInstance().tryClaim(claim("node-b"));
    Optional<SlotLock> sameOwnerAgain = backend.tryClaim(claim("node-a"));

    assertThat(first).isPresent();
    assertThat(second).isEmpty();
    assertThat(sameOwnerAgain).isEmpty();
    assertThat(first.get().isLost()).isFalse();
  }

  @Test
  void a_running_claim_is_not_taken_over_even_long_after_its_tombstone_time() {
    backend.tryClaim(claim("node-a")).orElseThrow();
    advance(Duration.ofHours(10));

    Optional<SlotLock> second = secondInstance().tryClaim(claim("node-b"));

    assertThat(second).isEmpty();
  }

  @Test
  void the_tombstone_still_blocks_the_slot_after_release() {
    backend.tryClaim(claim("node-a")).orElseThrow().release();
    advance(Duration.ofMinutes(4));

    Optional<SlotLock> late = secondInstance().tryClaim(claim("node-b-clock-behind"));

    assertThat(late).isEmpty();
  }

  @Test
  void the_slot_can_be_claimed_again_once_the_tombstone_expires() {
    backend.tryClaim(claim("node-a")).orElseThrow().release();
    advance(StorageLockBackend.MINIMUM_TOMBSTONE);

    Optional<SlotLock> again = secondInstance().tryClaim(claim("node-b"));
    Optional<SlotLock> thirdTry = backend.tryClaim(claim("node-a"));

    assertThat(again).isPresent();
    assertThat(thirdTry).isEmpty();
  }

  @Test
  void a_tombstone_lasts_at_least_five_minutes_even_when_the_claim_asks_for_less() {
    backend.tryClaim(claim("node-a")).orElseThrow().release();

    advance(Duration.ofMinutes(4).plusSeconds(59));
    Optional<SlotLock> beforeFiveMinutes = secondInstance().tryClaim(claim("node-b"));
    advance(Duration.ofSeconds(1));
    Optional<SlotLock> atFiveMinutes = secondInstance().tryClaim(claim("node-b"));

    assertThat(beforeFiveMinutes).isEmpty();
    assertThat(atFiveMinutes).isPresent();
  }

  @Test
  void a_tombstone_longer_than_the_minimum_is_kept_in_full() {
    SlotClaim daily = new SlotClaim("daily", SLOT, 1, "node-a", Duration.ofHours(24));
    backend.tryClaim(daily).orElseThrow().release();

    advance(Duration.ofHours(23));
    Optional<SlotLock> within = secondInstance().tryClaim(daily);
    advance(Duration.ofHours(1));
    Optional<SlotLock> after = secondInstance().tryClaim(daily);

    assertThat(within).isEmpty();
    assertThat(after).isPresent();
  }

  @Test
  void the_tombstone_is_counted_from_the_release_not_from_the_claim() {
    SlotLock lock = backend.tryClaim(claim("node-a")).orElseThrow();
    advance(Duration.ofMinutes(30));
    lock.release();

    advance(Duration.ofMinutes(4));
    Optional<SlotLock> fourMinutesAfterRelease = secondInstance().tryClaim(claim("node-b"));
    advance(Duration.ofMinutes(1));
    Optional<SlotLock> fiveMinutesAfterRelease = secondInstance().tryClaim(claim("node-b"));

    assertThat(fourMinutesAfterRelease).isEmpty();
    assertThat(fiveMinutesAfterRelease).isPresent();
  }

  @Test
  void different_attempts_slots_and_schedules_are_claimed_independently() {
    List<SlotClaim> claims =
        List.of(
            claim("nightly-report", SLOT, 1, "a"),
            claim("nightly-report", SLOT, 2, "a"),
            claim("nightly-report", SLOT.plusSeconds(60), 1, "a"),
            claim("nightly-report", SLOT.plusMillis(1), 1, "a"),
            claim("weekly-report", SLOT, 1, "a"));

    List<Boolean> won = claims.stream().map(c -> backend.tryClaim(c).isPresent()).toList();
    List<Boolean> wonAgain =
        claims.stream().map(c -> secondInstance().tryClaim(c).isPresent()).toList();

    assertThat(won).containsOnly(true);
    assertThat(wonAgain).containsOnly(false);
  }

  @Test
  void weird_schedule_names_are_claimed_and_kept_apart() {
    List<String> names = weirdNames();

    List<String> lost =
        names.stream().filter(n -> backend.tryClaim(claim(n, SLOT, 1, "a")).isEmpty()).toList();
    List<String> wonTwice =
        names.stream()
            .filter(n -> secondInstance().tryClaim(claim(n, SLOT, 1, "b")).isPresent())
            .toList();

    assertThat(lost).isEmpty();
    assertThat(wonTwice).isEmpty();
  }

  /** Schedule names that break naive keys: path parts, separators, case, Unicode, long ones. */
  protected static List<String> weirdNames() {
    return List.of(
        "reports/daily/../../etc/passwd",
        "..",
        ".",
        "/",
        "C:\\temp\\job",
        "NUL",
        "con",
        "Nightly",
        "nightly",
        "a|1",
        "a|1|1",
        "",
        " ",
        "tab\tand\nnewline",
        "名前-スケジュール",
        "emoji 🎉 job",
        ".tmp",
        "x.claim",
        "x".repeat(300),
        "x".repeat(299) + "y");
  }

  @Test
  void releasing_twice_does_not_disturb_a_later_claim_of_the_slot() {
    SlotLock first = backend.tryClaim(claim("node-a")).orElseThrow();
    first.release();
    advance(Duration.ofMinutes(6));
    SlotLock second = secondInstance().tryClaim(claim("node-b")).orElseThrow();

    first.release();
    advance(Duration.ofMinutes(6));
    Optional<SlotLock> third = backend.tryClaim(claim("node-c"));

    assertThat(third).isEmpty();
    assertThat(second.isLost()).isFalse();
  }

  @Test
  void health_details_count_claims_won_and_lost() {
    backend.tryClaim(claim("node-a"));
    backend.tryClaim(claim("node-b"));
    backend.tryClaim(claim("node-c"));

    Map<String, Object> details = backend.healthDetails();

    assertThat(details)
        .containsEntry("backend", backend.name())
        .containsEntry("claimsWon", 1L)
        .containsEntry("claimsLost", 2L)
        .containsEntry("claimsHeld", 1)
        .containsEntry("errors", 0L);
  }

  @Test
  void claims_after_close_are_refused_with_a_message_naming_the_backend() {
    SlotLock held = backend.tryClaim(claim("node-a")).orElseThrow();
    backend.close();

    assertThatThrownBy(() -> backend.tryClaim(claim("other", SLOT, 1, "node-a")))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("lock backend '" + backend.name() + "' is closed");
    assertThatCode(held::release).doesNotThrowAnyException();
  }

  @Test
  void many_threads_racing_for_the_same_slots_never_produce_two_winners() throws Exception {
    int keys = 500;

    Map<Integer, Integer> winners = ClaimRace.run(backend, secondInstance(), keys, 8, true);

    assertThat(ClaimRace.duplicates(winners)).isEmpty();
    assertThat(winners).hasSize(keys);
  }

  @Test
  void many_threads_racing_to_take_over_expired_tombstones_produce_one_winner_each()
      throws Exception {
    int keys = 200;
    for (int k = 0; k < keys; k++) {
      backend.tryClaim(ClaimRace.claim(k, "setup")).orElseThrow().release();
    }
    advance(Duration.ofMinutes(6));

    Map<Integer, Integer> winners = ClaimRace.run(backend, secondInstance(), keys, 8, false);

    assertThat(ClaimRace.duplicates(winners)).isEmpty();
    assertThat(winners).hasSize(keys);
  }

  @Test
  void claiming_many_slots_at_once_gives_one_result_per_claim_in_order() {
    backend.tryClaim(claim("report", SLOT, 1, "a")).orElseThrow();
    List<SlotClaim> claims =
        List.of(
            claim("report", SLOT.plusSeconds(60), 1, "a"),
            claim("report", SLOT, 1, "a"),
            claim("other", SLOT, 1, "a"));

    List<Optional<SlotLock>> results = secondInstance().tryClaimAll(claims);

    assertThat(results).hasSize(3);
    assertThat(results.get(0)).isPresent();
    assertThat(results.get(1)).isEmpty();
    assertThat(results.get(2)).isPresent();
    assertThat(backend.tryClaim(claim("other", SLOT, 1, "b"))).isEmpty();
    assertThat(backend.tryClaimAll(List.of())).isEmpty();
  }

  @Test
  void releasing_many_claims_at_once_leaves_a_tombstone_for_each_counted_from_the_release() {
    List<SlotLock> held =
        List.of(
            backend.tryClaim(claim("report", SLOT, 1, "a")).orElseThrow(),
            backend.tryClaim(claim("report", SLOT.plusSeconds(60), 1, "a")).orElseThrow(),
            backend.tryClaim(claim("other", SLOT, 2, "a")).orElseThrow());
    advance(Duration.ofMinutes(30));

    List<SlotClaim> again =
        List.of(
            claim("report", SLOT, 1, "b"),
            claim("report", SLOT.plusSeconds(60), 1, "b"),
            claim("other", SLOT, 2, "b"));

    backend.releaseAll(held);
    advance(Duration.ofMinutes(4));
    List<Optional<SlotLock>> withinTombstone = secondInstance().tryClaimAll(again);
    advance(Duration.ofMinutes(1));
    List<Optional<SlotLock>> afterTombstone = secondInstance().tryClaimAll(again);

    assertThat(withinTombstone).allMatch(Optional::isEmpty);
    assertThat(afterTombstone).allMatch(Optional::isPresent);
  }

  @Test
  void release_all_stops_holding_the_claims_and_takes_locks_of_another_instance_too() {
    SlotLock own = backend.tryClaim(claim("report", SLOT, 1, "a")).orElseThrow();
    SlotLock other = secondInstance().tryClaim(claim("other", SLOT, 1, "b")).orElseThrow();

    backend.releaseAll(List.of(own, other));
    backend.releaseAll(List.of(own));
    backend.releaseAll(List.of());

    assertThat(backend.healthDetails()).containsEntry("claimsHeld", 0);
    assertThat(secondInstance().healthDetails()).containsEntry("claimsHeld", 0);
    advance(StorageLockBackend.MINIMUM_TOMBSTONE);
    assertThat(secondInstance().tryClaim(claim("report", SLOT, 1, "c"))).isPresent();
    assertThat(backend.tryClaim(claim("other", SLOT, 1, "c"))).isPresent();
  }
}
