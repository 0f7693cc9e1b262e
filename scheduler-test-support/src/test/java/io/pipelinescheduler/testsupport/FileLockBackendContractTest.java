package io.pipelinescheduler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.SchedulerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in {@code file} backend (core) on the contract, opened through its provider; every
 * instance is another backend on the same lock directory, as another process would have.
 */
class FileLockBackendContractTest extends LockBackendContract {
  @TempDir Path temp;

  private Path directory() {
    return temp.resolve("locks");
  }

  @Override
  protected LockBackend newBackend(Clock clock) {
    return BuiltInLockBackends.open(
        "file",
        SchedulerConfig.builder()
            .distributed(true)
            .lockDirectory(directory())
            .clock(clock)
            .build());
  }

  @Override
  protected LockBackend secondInstance() {
    return open();
  }

  @Test
  void claim_files_have_short_portable_names_whatever_the_schedule_name() throws IOException {
    for (String name : weirdNames()) {
      backend.tryClaim(claim(name, SLOT, 1, "a")).orElseThrow();
    }

    List<String> files = claimFileNames();

    assertThat(files).hasSize(weirdNames().size());
    assertThat(files)
        .allSatisfy(
            f -> {
              assertThat(f).matches("[A-Za-z0-9_-][A-Za-z0-9._-]*\\.claim");
              assertThat(f.length()).isLessThanOrEqualTo(128);
            });
  }

  /** The claim files: named {@code *.claim}, not hidden (temporary files are). */
  private List<String> claimFileNames() throws IOException {
    try (Stream<Path> files = Files.list(directory())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(".claim") && !f.startsWith("."))
          .toList();
    }
  }
}
