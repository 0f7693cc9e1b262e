package io.pipelinescheduler.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Types;
import org.junit.jupiter.api.Test;

/** The arrays of column values sent to PostgreSQL are of the column's own Java type. */
class JdbcArraysTest {

  @Test
  void each_column_type_gets_an_array_of_its_java_type() {
    assertThat(Jdbc.typedArray(Types.BIGINT, 2)).isInstanceOf(Long[].class).hasSize(2);
    assertThat(Jdbc.typedArray(Types.INTEGER, 2)).isInstanceOf(Integer[].class);
    assertThat(Jdbc.typedArray(Types.BOOLEAN, 2)).isInstanceOf(Boolean[].class);
    assertThat(Jdbc.typedArray(Types.VARCHAR, 2)).isInstanceOf(String[].class);
  }

  @Test
  void a_value_becomes_the_element_type_of_its_column_and_null_stays_null() {
    assertThat(Jdbc.typed(Types.BIGINT, 7)).isEqualTo(7L);
    assertThat(Jdbc.typed(Types.INTEGER, 3L)).isEqualTo(3);
    assertThat(Jdbc.typed(Types.BOOLEAN, true)).isEqualTo(true);
    assertThat(Jdbc.typed(Types.VARCHAR, "RUNNING")).isEqualTo("RUNNING");
    assertThat(Jdbc.typed(Types.BIGINT, null)).isNull();
    assertThat(Jdbc.typed(Types.VARCHAR, null)).isNull();
  }
}
