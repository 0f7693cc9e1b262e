package io.pipelinescheduler.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arrays of column values sent to PostgreSQL are of the column's own Java type. */
class JdbcArraysTest {
  private record Item(Object value) {}

  private static final List<Item> ITEMS = List.of(new Item(7), new Item(null), new Item(3L));

  @Test
  void a_bigint_column_gives_longs_whatever_number_its_value_is() {
    Object[] values = Jdbc.values(Jdbc.Column.<Item>bigint("n", Item::value), ITEMS);

    assertThat(values).isInstanceOf(Long[].class).containsExactly(7L, null, 3L);
  }

  @Test
  void an_integer_column_gives_integers() {
    Object[] values = Jdbc.values(Jdbc.Column.<Item>integer("n", Item::value), ITEMS);

    assertThat(values).isInstanceOf(Integer[].class).containsExactly(7, null, 3);
  }

  @Test
  void a_bool_column_gives_booleans() {
    List<Item> items = List.of(new Item(true), new Item(null), new Item(false));

    Object[] values = Jdbc.values(Jdbc.Column.<Item>bool("b", Item::value), items);

    assertThat(values).isInstanceOf(Boolean[].class).containsExactly(true, null, false);
  }

  @Test
  void a_text_column_gives_strings() {
    List<Item> items = List.of(new Item("RUNNING"), new Item(null));

    Object[] values = Jdbc.values(Jdbc.Column.<Item>text("s", Item::value), items);

    assertThat(values).isInstanceOf(String[].class);
    assertThat(Arrays.asList(values)).containsExactly("RUNNING", null);
  }
}
