package io.pipelinescheduler.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.internal.store.InMemoryScheduleStore;
import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockBackendsTest {
  @TempDir Path temp;

  @Test
  void the_service_loader_finds_the_file_and_local_providers() {
    assertThat(LockBackends.providers()).containsKeys("file", "local");
    assertThat(LockBackends.providers().get("file")).isInstanceOf(FileLockBackendProvider.class);
    assertThat(LockBackends.providers().get("local")).isInstanceOf(LocalLockBackendProvider.class);
  }

  @Test
  void a_configured_backend_instance_is_used_as_it_is() {
    LockBackend mine = new LocalLockBackend(SettableClock.at("2030-03-01T12:00:00Z"));
    SchedulerConfig config = SchedulerConfig.builder().distributed(true).lockBackend(mine).build();

    assertThat(LockBackends.open(config)).isSameAs(mine);
  }

  @Test
  void the_local_backend_is_used_when_not_distributed_whatever_the_name() {
    SchedulerConfig config =
        SchedulerConfig.builder().distributed(false).lockBackend("redis").build();

    try (LockBackend backend = LockBackends.open(config)) {
      assertThat(backend).isInstanceOf(LocalLockBackend.class);
      assertThat(backend.name()).isEqualTo("local");
    }
  }

  @Test
  void the_named_provider_opens_the_backend_when_distributed() {
    Path dir = temp.resolve("shared-locks");
    SchedulerConfig config =
        SchedulerConfig.builder().distributed(true).lockBackend("File").lockDirectory(dir).build();

    try (LockBackend backend = LockBackends.open(config)) {
      assertThat(backend).isInstanceOf(FileLockBackend.class);
      assertThat(dir).isDirectory();
    }
  }

  @Test
  void local_can_be_chosen_by_name_when_distributed() {
    SchedulerConfig config =
        SchedulerConfig.builder().distributed(true).lockBackend("local").build();

    try (LockBackend backend = LockBackends.open(config)) {
      assertThat(backend).isInstanceOf(LocalLockBackend.class);
    }
  }

  @Test
  void redis_without_its_artifact_says_which_artifact_to_add() {
    SchedulerConfig config =
        SchedulerConfig.builder().distributed(true).lockBackend("redis").build();

    assertThatThrownBy(() -> LockBackends.open(config))
        .isInstanceOf(SchedulerException.class)
        .hasMessage(
            "lock backend 'redis' not found; available: [file, local]; "
                + "add the scheduler-redis artifact for 'redis'");
  }

  @Test
  void database_without_its_artifact_says_which_artifact_to_add() {
    SchedulerConfig config =
        SchedulerConfig.builder().distributed(true).lockBackend("database").build();

    assertThatThrownBy(() -> LockBackends.open(config))
        .isInstanceOf(SchedulerException.class)
        .hasMessage(
            "lock backend 'database' not found; available: [file, local]; "
                + "add the scheduler-persistence artifact for 'database'");
  }

  @Test
  void a_provider_that_needs_no_store_is_opened_beside_the_store_by_its_config_alone() {
    Path dir = temp.resolve("beside-a-store");
    SchedulerConfig config =
        SchedulerConfig.builder().distributed(true).lockBackend("file").lockDirectory(dir).build();
    ScheduleStore store = new InMemoryScheduleStore(10);

    try (LockBackend backend = LockBackends.open(config, store)) {
      assertThat(backend).isInstanceOf(FileLockBackend.class);
      assertThat(dir).isDirectory();
    }
  }

  @Test
  void an_unknown_name_lists_the_names_found() {
    SchedulerConfig config =
        SchedulerConfig.builder().distributed(true).lockBackend("zookeeper").build();

    assertThatThrownBy(() -> LockBackends.open(config))
        .isInstanceOf(SchedulerException.class)
        .hasMessage("lock backend 'zookeeper' not found; available: [file, local]");
  }
}
