package io.pipelinescheduler.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.SlotLock;
import io.pipelinescheduler.internal.lock.ClaimRecord.State;
import io.pipelinescheduler.testing.SettableClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file backend shared by real, separate JVM processes. */
class FileLockBackendProcessIT {
  private static final long TIMEOUT_SECONDS = 120;

  @TempDir Path temp;
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void killChildren() {
    children.forEach(Process::destroyForcibly);
  }

  @Test
  void a_claim_whose_holder_process_was_killed_stays_claimed_until_its_tombstone_expires()
      throws Exception {
    Path dir = temp.resolve("locks");
    Instant slot = Instant.parse("2030-01-01T09:00:00Z");
    Process holder = start("hold", dir.toString(), "killed-holder", "" + slot.toEpochMilli());
    BufferedReader holderOut = reader(holder);
    assertThat(readLine(holderOut)).isEqualTo("WON");
    SettableClock clock = new SettableClock(Instant.now());
    SlotClaim claim = new SlotClaim("killed-holder", slot, 1, "parent", Duration.ZERO);

    try (FileLockBackend parent = new FileLockBackend(dir, clock)) {
      clock.set(Instant.now().plus(Duration.ofHours(1)));
      Optional<SlotLock> whileAlivePastTombstone = parent.tryClaim(claim);

      holder.destroyForcibly();
      boolean exited = holder.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      clock.set(Instant.now());
      Optional<SlotLock> afterKill = parent.tryClaim(claim);
      ClaimRecord left = readClaim(dir, claim.key());
      clock.set(Instant.now().plus(Duration.ofMinutes(6)));
      Optional<SlotLock> afterTombstone = parent.tryClaim(claim);

      assertThat(whileAlivePastTombstone).isEmpty();
      assertThat(exited).isTrue();
      assertThat(afterKill).isEmpty();
      assertThat(left.state()).isEqualTo(State.RUNNING);
      assertThat(left.owner()).isEqualTo("child-" + holder.pid());
      assertThat(afterTombstone).isPresent();
    }
  }

  @Test
  void a_second_backend_in_this_jvm_trying_a_held_claim_does_not_unlock_it_for_other_processes()
      throws Exception {
    Path dir = temp.resolve("locks");
    Instant slot = Instant.parse("2030-01-01T10:00:00Z");
    SlotClaim claim = new SlotClaim("shared", slot, 1, "parent", Duration.ZERO);
    // Claimed an hour ago by this clock: for other processes the tombstone time has passed, and
    // only the OS lock keeps the claim.
    SettableClock clock = new SettableClock(Instant.now().minus(Duration.ofHours(1)));

    try (FileLockBackend holder = new FileLockBackend(dir, clock);
        FileLockBackend neighbour = new FileLockBackend(dir, clock)) {
      SlotLock held = holder.tryClaim(claim).orElseThrow();
      clock.set(Instant.now());
      Optional<SlotLock> neighbourTry = neighbour.tryClaim(claim);
      Process other = start("hold", dir.toString(), "shared", "" + slot.toEpochMilli());
      String otherResult = readLine(reader(other));

      assertThat(neighbourTry).isEmpty();
      assertThat(otherResult).isEqualTo("LOST");
      assertThat(held.isLost()).isFalse();
    }
  }

  @Test
  void two_processes_and_this_one_racing_for_the_same_slots_win_each_slot_exactly_once()
      throws Exception {
    Path dir = temp.resolve("locks");
    int keys = 500;
    List<Process> racers =
        List.of(
            start("race", dir.toString(), "" + keys, "4"),
            start("race", dir.toString(), "" + keys, "4"));
    List<BufferedReader> outputs = racers.stream().map(FileLockBackendProcessIT::reader).toList();
    for (BufferedReader out : outputs) {
      assertThat(readLine(out)).isEqualTo("READY");
    }

    List<CompletableFuture<List<Integer>>> results = new ArrayList<>();
    for (int i = 0; i < racers.size(); i++) {
      BufferedReader out = outputs.get(i);
      results.add(CompletableFuture.supplyAsync(() -> collectWins(out)));
      go(racers.get(i));
    }
    List<Integer> parentWins = raceHere(dir, keys);
    List<List<Integer>> wins = new ArrayList<>();
    for (CompletableFuture<List<Integer>> result : results) {
      wins.add(result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
    wins.add(parentWins);

    List<Integer> all = wins.stream().flatMap(List::stream).sorted().toList();
    assertThat(all)
        .as("every key won exactly once")
        .isEqualTo(IntStream.range(0, keys).boxed().toList());
  }

  private static List<Integer> raceHere(Path dir, int keys) throws Exception {
    List<Integer> won = new CopyOnWriteArrayList<>();
    try (FileLockBackend backend = new FileLockBackend(dir, Clock.systemUTC())) {
      List<CompletableFuture<Void>> threads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int offset = t * keys / 2;
        threads.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < keys; i++) {
                    int k = (i + offset) % keys;
                    if (backend.tryClaim(FileLockChild.raceClaim(k, "parent")).isPresent()) {
                      won.add(k);
                    }
                  }
                }));
      }
      for (CompletableFuture<Void> thread : threads) {
        thread.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    }
    return won;
  }

  private static List<Integer> collectWins(BufferedReader out) {
    List<Integer> won = new ArrayList<>();
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.equals("DONE")) {
          return won;
        }
        if (line.startsWith("WON ")) {
          won.add(Integer.parseInt(line.substring(4)));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("child ended without DONE; wins so far " + won);
  }

  private Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx64m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FileLockChild.class.getName());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectError(temp.resolve("child-" + children.size() + ".err").toFile())
            .start();
    children.add(process);
    return process;
  }

  private static BufferedReader reader(Process process) {
    return new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  private static String readLine(BufferedReader out) throws Exception {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return out.readLine();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            })
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static void go(Process process) throws IOException {
    Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    in.write("GO\n");
    in.flush();
  }

  private static ClaimRecord readClaim(Path dir, String key) throws IOException {
    byte[] content = Files.readAllBytes(dir.resolve(ClaimFileNames.claimFile(key)));
    return ClaimRecord.parse(content).orElseThrow();
  }
}
