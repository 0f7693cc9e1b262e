package io.pipelinescheduler.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DialectTest {

  @Test
  void the_dialect_is_chosen_once_from_the_url() {
    DatabaseTarget file =
        DatabaseTarget.of(SchedulerConfig.builder().dbPath(Path.of("/tmp/x.db")).build());
    DatabaseTarget server =
        DatabaseTarget.of(
            SchedulerConfig.builder().dbUrl("jdbc:postgresql://db/s?password=s3cret").build());

    assertThat(file.kind().dialect()).isInstanceOf(SqliteDialect.class);
    assertThat(file.describe()).isEqualTo("SQLite database /tmp/x.db");
    assertThat(server.kind().dialect()).isInstanceOf(PostgresDialect.class);
    assertThat(server.describe())
        .isEqualTo("PostgreSQL database jdbc:postgresql://db/s?password=***");
  }

  @Test
  void sqlite_writes_take_turns_and_postgresql_writes_do_not() {
    assertThat(DatabaseKind.SQLITE.dialect().newWriteLock().isFair()).isTrue();
    assertThat(DatabaseKind.POSTGRESQL.dialect().newWriteLock()).isNull();
  }

  @Test
  void only_sqlite_reads_busy_and_damage_from_its_result_codes_and_messages() {
    Dialect sqlite = DatabaseKind.SQLITE.dialect();
    Dialect postgres = DatabaseKind.POSTGRESQL.dialect();
    SQLException busy = new SQLException("database is locked", null, 5 | 256);
    RuntimeException corrupt =
        new RuntimeException("wrapped", new SQLException("[SQLITE_CORRUPT] malformed"));

    assertThat(sqlite.isBusy(busy)).isTrue();
    assertThat(sqlite.isDamage(busy)).isFalse();
    assertThat(sqlite.isDamage(corrupt)).isTrue();
    assertThat(sqlite.isBusy(corrupt)).isFalse();
    assertThat(postgres.isBusy(busy)).isFalse();
    assertThat(postgres.isDamage(corrupt)).isFalse();
  }

  @Test
  void a_sqlite_file_holds_one_application_while_a_server_schema_may_hold_others() {
    assertThat(DatabaseKind.SQLITE.dialect().refusesForeignTables()).isTrue();
    assertThat(DatabaseKind.POSTGRESQL.dialect().refusesForeignTables()).isFalse();
    assertThat(DatabaseKind.SQLITE.dialect().hibernateDialect())
        .isEqualTo("org.hibernate.community.dialect.SQLiteDialect");
    assertThat(DatabaseKind.POSTGRESQL.dialect().hibernateDialect()).isNull();
  }
}
