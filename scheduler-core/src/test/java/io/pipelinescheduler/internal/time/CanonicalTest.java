package io.pipelinescheduler.internal.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CanonicalTest {

  @Test
  void equal_values_come_back_as_the_instance_held_first() {
    // A text no other test gives, so that no instance of it is held before this one.
    String text = "PT" + System.nanoTime() + "H";
    String first = new String(text);
    String second = new String(text);

    assertThat(Canonical.of(first)).isSameAs(first);
    assertThat(Canonical.of(second)).isSameAs(first);
    assertThat(Canonical.of(Duration.ofDays(1))).isSameAs(Canonical.of(Duration.ofDays(1)));
  }

  @Test
  void a_value_equal_to_none_held_comes_back_as_given_and_null_as_null() {
    String text = new String("every-" + System.nanoTime());

    assertThat(Canonical.of(text)).isSameAs(text);
    assertThat((Object) Canonical.of(null)).isNull();
  }

  @Test
  void values_of_other_classes_with_equal_hash_codes_are_never_mixed_up() {
    // Integer 1 and Long 1 have the same hash code; neither is equal to the other.
    Integer one = Canonical.of(Integer.valueOf(1));
    Object longOne = Canonical.of(Long.valueOf(1));

    assertThat(longOne).isInstanceOf(Long.class).isEqualTo(1L);
    assertThat(Canonical.of(Integer.valueOf(1))).isInstanceOf(Integer.class).isEqualTo(one);
  }
}
