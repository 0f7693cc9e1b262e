package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleStoreProvider;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpaScheduleStoreProviderTest {
  @TempDir Path directory;

  @Test
  void the_provider_is_found_through_the_service_loader() {
    ScheduleStoreProvider provider =
        ServiceLoader.load(ScheduleStoreProvider.class).findFirst().orElseThrow();

    assertThat(provider).isInstanceOf(JpaScheduleStoreProvider.class);
    assertThat(provider.name()).isEqualTo("jpa");
  }

  @Test
  void the_provider_opens_sqlite_at_db_path_when_no_url_is_set() {
    Path file = directory.resolve("provided.db");

    try (ScheduleStore store =
        new JpaScheduleStoreProvider().create(SchedulerConfig.builder().dbPath(file).build())) {
      assertThat(store.name()).isEqualTo("sqlite");
      assertThat(store.healthDetails()).containsEntry("file", file.toString());
      assertThat(store.healthDetails()).containsEntry("url", "jdbc:sqlite:" + file);
    }
    assertThat(file).exists();
  }

  @Test
  void a_database_url_other_than_postgresql_is_refused_naming_it_with_its_password_masked() {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbPath(directory.resolve("unused.db"))
            .dbUrl("jdbc:mysql://db.example.com/scheduler?user=app&password=hunter2")
            .build();

    assertThatThrownBy(() -> new JpaScheduleStoreProvider().create(config))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("jdbc:mysql://db.example.com/scheduler")
        .hasMessageContaining("jdbc:postgresql://")
        .hasMessageNotContaining("hunter2");
    assertThat(directory.resolve("unused.db")).doesNotExist();
  }

  @Test
  void an_unreachable_postgresql_server_fails_within_seconds_naming_the_url() {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbUrl("jdbc:postgresql://127.0.0.1:1/scheduler")
            .dbUser("app")
            .dbPassword("hunter2")
            .build();

    assertThatThrownBy(() -> JpaScheduleStore.open(config))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("PostgreSQL database jdbc:postgresql://127.0.0.1:1/scheduler")
        .hasMessageNotContaining("hunter2");
  }
}
