package io.pipelinescheduler.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqliteVersionTest {
  @Test
  void the_bundled_version_is_read_from_sqlite_jdbc() {
    assertThat(SqliteVersion.BUNDLED).hasSize(2);
    assertThat(SqliteVersion.BUNDLED[0]).isEqualTo(3);
  }

  @Test
  void a_version_is_its_major_and_minor_and_anything_else_is_none() {
    assertThat(SqliteVersion.parse("3.54.1")).containsExactly(3, 54);
    assertThat(SqliteVersion.parse(" 3.46 ")).containsExactly(3, 46);
    assertThat(SqliteVersion.parse("3")).isNull();
    assertThat(SqliteVersion.parse("three.x")).isNull();
    assertThat(SqliteVersion.parse(null)).isNull();
  }
}
