package io.pipelinescheduler.internal.lock;

import static io.pipelinescheduler.internal.lock.LockTestFixture.SLOT;
import static io.pipelinescheduler.internal.lock.LockTestFixture.START;
import static io.pipelinescheduler.internal.lock.LockTestFixture.claim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SlotLock;
import io.pipelinescheduler.internal.lock.ClaimRecord.State;
import io.pipelinescheduler.testing.SettableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the {@code file} backend does; the lock backend contract runs against it in
 * scheduler-test-support.
 */
class FileLockBackendTest {
  @TempDir Path temp;
  private final LockTestFixture fixture = new LockTestFixture();
  private final SettableClock clock = fixture.clock;
  private LockBackend backend;

  private Path directory() {
    return temp.resolve("locks");
  }

  @BeforeEach
  void openBackend() {
    backend = open();
  }

  private LockBackend open() {
    return fixture.opened(new FileLockBackend(directory(), clock));
  }

  private LockBackend secondInstance() {
    return open();
  }

  @AfterEach
  void closeBackends() {
    fixture.close();
  }

  private void advance(Duration duration) {
    clock.advance(duration);
  }

  @Test
  void creates_the_lock_directory_and_its_parents_when_missing() {
    Path nested = temp.resolve("a/b/c/locks");

    FileLockBackend created = new FileLockBackend(nested, clock);
    created.close();

    assertThat(nested).isDirectory();
  }

  @Test
  void a_file_where_the_lock_directory_should_be_fails_with_a_message_naming_the_directory()
      throws IOException {
    Path inTheWay = Files.writeString(temp.resolve("not-a-dir"), "x");

    assertThatThrownBy(() -> new FileLockBackend(inTheWay, clock))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("lock directory '" + inTheWay + "' cannot be created");
  }

  @Test
  void a_file_in_the_lock_directory_path_fails_with_a_message_naming_the_directory()
      throws IOException {
    Path inTheWay = Files.writeString(temp.resolve("not-a-dir"), "x");
    Path below = inTheWay.resolve("locks");

    assertThatThrownBy(() -> new FileLockBackend(below, clock))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("lock directory '" + below + "' cannot be created");
  }

  @Test
  void a_claim_file_records_owner_state_and_tombstone_and_stays_after_release() throws IOException {
    SlotLock lock = backend.tryClaim(claim("node-a")).orElseThrow();
    ClaimRecord running = readClaim(claim("node-a").key());
    advance(Duration.ofMinutes(1));

    lock.release();
    ClaimRecord finished = readClaim(claim("node-a").key());

    assertThat(running)
        .isEqualTo(
            new ClaimRecord(
                claim("x").key(), "node-a", State.RUNNING, START.plus(Duration.ofMinutes(5))));
    assertThat(finished)
        .isEqualTo(
            new ClaimRecord(
                claim("x").key(), "node-a", State.FINISHED, START.plus(Duration.ofMinutes(6))));
  }

  @Test
  void a_claim_held_by_another_backend_in_this_jvm_blocks_even_past_its_tombstone_time() {
    LockBackend other = secondInstance();
    SlotLock held = backend.tryClaim(claim("node-a")).orElseThrow();
    advance(Duration.ofHours(1));

    Optional<SlotLock> whileHeld = other.tryClaim(claim("node-b"));
    held.release();
    Optional<SlotLock> afterRelease = other.tryClaim(claim("node-b"));
    advance(Duration.ofMinutes(5));
    Optional<SlotLock> afterTombstone = other.tryClaim(claim("node-b"));

    assertThat(whileHeld).isEmpty();
    assertThat(afterRelease).isEmpty();
    assertThat(afterTombstone).isPresent();
  }

  @Test
  void closing_a_backend_lets_go_of_its_files_but_they_stay_claimed_until_their_tombstone()
      throws IOException {
    LockBackend other = secondInstance();
    backend.tryClaim(claim("node-a")).orElseThrow();
    backend.close();

    Optional<SlotLock> afterClose = other.tryClaim(claim("node-b"));
    advance(Duration.ofMinutes(5));
    Optional<SlotLock> afterTombstone = other.tryClaim(claim("node-b"));

    assertThat(afterClose).isEmpty();
    assertThat(afterTombstone).isPresent();
  }

  @Test
  void two_spellings_of_one_directory_share_their_claims() throws IOException {
    Files.createDirectories(directory());
    Path link = Files.createSymbolicLink(temp.resolve("link-to-locks"), directory());
    LockBackend viaLink = new FileLockBackend(link, clock);
    LockBackend viaDots = new FileLockBackend(directory().resolve("../locks"), clock);
    try {
      SlotLock held = backend.tryClaim(claim("node-a")).orElseThrow();
      advance(Duration.ofHours(1));

      assertThat(viaLink.tryClaim(claim("node-b"))).isEmpty();
      assertThat(viaDots.tryClaim(claim("node-c"))).isEmpty();
      assertThat(held.isLost()).isFalse();
    } finally {
      viaLink.close();
      viaDots.close();
    }
  }

  @Test
  void expired_tombstone_files_are_deleted_and_claimed_or_fresh_ones_kept() throws IOException {
    FileLockBackend files = (FileLockBackend) backend;
    files.tryClaim(claim("s", SLOT, 1, "a")).orElseThrow().release();
    files.tryClaim(claim("s", SLOT, 2, "a")).orElseThrow().release();
    files.tryClaim(claim("s", SLOT, 3, "a")).orElseThrow(); // still running
    advance(Duration.ofMinutes(3));
    files.tryClaim(claim("s", SLOT, 4, "a")).orElseThrow().release(); // until minute 8
    advance(Duration.ofMinutes(3));

    int deleted = files.sweepAll();

    assertThat(deleted).isEqualTo(2);
    assertThat(claimFileNames())
        .containsExactlyInAnyOrder(
            ClaimFileNames.claimFile(claim("s", SLOT, 3, "a").key()),
            ClaimFileNames.claimFile(claim("s", SLOT, 4, "a").key()));
  }

  @Test
  void later_claims_delete_expired_files_a_few_at_a_time() throws IOException {
    for (int i = 0; i < 20; i++) {
      backend.tryClaim(claim("burst", SLOT.plusSeconds(i), 1, "a")).orElseThrow().release();
    }
    advance(Duration.ofMinutes(6));

    for (int i = 0; i < 10; i++) {
      backend.tryClaim(claim("later", SLOT.plusSeconds(i), 1, "a")).orElseThrow();
    }

    assertThat(claimFileNames()).hasSize(10).allMatch(f -> f.startsWith("later"));
  }

  @Test
  void an_unreadable_claim_file_blocks_its_slot_for_five_minutes_after_it_was_written()
      throws IOException {
    Path file = directory().resolve(ClaimFileNames.claimFile(claim("x").key()));
    Files.write(
        file, "pipeline-scheduler slot claim v1\nkey=cut sh".getBytes(StandardCharsets.UTF_8));
    Instant written = Files.getLastModifiedTime(file).toInstant();

    clock.set(written.plus(Duration.ofMinutes(4)));
    Optional<SlotLock> soon = backend.tryClaim(claim("node-a"));
    clock.set(written.plus(Duration.ofMinutes(5)));
    Optional<SlotLock> later = backend.tryClaim(claim("node-a"));

    assertThat(soon).isEmpty();
    assertThat(later).isPresent();
    assertThat(readClaim(claim("x").key()).owner()).isEqualTo("node-a");
  }

  @Test
  void an_old_temporary_file_left_by_a_dead_process_is_deleted() throws IOException {
    Path leftover = Files.writeString(directory().resolve(".deadbeef-1.tmp"), "x");
    Instant written = Files.getLastModifiedTime(leftover).toInstant();

    clock.set(written.plus(Duration.ofMinutes(1)));
    int whileFresh = ((FileLockBackend) backend).sweepAll();
    clock.set(written.plus(Duration.ofMinutes(6)));
    int whenOld = ((FileLockBackend) backend).sweepAll();

    assertThat(whileFresh).isZero();
    assertThat(whenOld).isEqualTo(1);
    assertThat(leftover).doesNotExist();
  }

  @Test
  void files_that_are_not_claims_are_left_alone() throws IOException {
    Path readme = Files.writeString(directory().resolve("README.txt"), "x");
    advance(Duration.ofDays(30));

    ((FileLockBackend) backend).sweepAll();

    assertThat(readme).exists();
  }

  @Test
  void an_interrupted_thread_still_gets_a_working_claim_and_keeps_its_interrupt()
      throws IOException {
    Thread.currentThread().interrupt();
    Optional<SlotLock> lock = backend.tryClaim(claim("node-a"));
    boolean stillInterrupted = Thread.currentThread().isInterrupted();
    lock.orElseThrow().release();
    boolean interruptedAfterRelease = Thread.interrupted(); // also clears it

    assertThat(stillInterrupted).isTrue();
    assertThat(interruptedAfterRelease).isTrue();
    assertThat(readClaim(claim("x").key()).state()).isEqualTo(State.FINISHED);
  }

  @Test
  void health_details_name_the_directory() {
    assertThat(backend.healthDetails())
        .containsEntry("directory", ((FileLockBackend) backend).directory().toString());
  }

  private List<String> claimFileNames() throws IOException {
    try (Stream<Path> files = Files.list(directory())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(ClaimFileNames::isClaimFile)
          .toList();
    }
  }

  private ClaimRecord readClaim(String key) throws IOException {
    byte[] content = Files.readAllBytes(directory().resolve(ClaimFileNames.claimFile(key)));
    return ClaimRecord.parse(content).orElseThrow();
  }
}
