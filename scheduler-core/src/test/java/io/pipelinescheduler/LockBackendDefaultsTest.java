package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The default methods of the {@link LockBackend} SPI, for backends that do not override them. */
class LockBackendDefaultsTest {
  private final LockBackend minimal =
      new LockBackend() {
        @Override
        public String name() {
          return "minimal";
        }

        @Override
        public Optional<SlotLock> tryClaim(SlotClaim claim) {
          return Optional.empty();
        }
      };

  @Test
  void release_all_releases_every_lock_even_after_one_fails_then_throws_the_first_failure() {
    List<String> released = new ArrayList<>();
    SlotLock failing =
        () -> {
          released.add("a");
          throw new IllegalStateException("storage down while releasing a");
        };
    SlotLock second = () -> released.add("b");
    SlotLock alsoFailing =
        () -> {
          released.add("c");
          throw new IllegalStateException("storage down while releasing c");
        };

    assertThatThrownBy(() -> minimal.releaseAll(List.of(failing, second, alsoFailing)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("storage down while releasing a")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    assertThat(released).containsExactly("a", "b", "c");
  }

  @Test
  void release_all_of_nothing_does_nothing_and_a_null_list_is_named() {
    minimal.releaseAll(List.of());

    assertThatThrownBy(() -> minimal.releaseAll(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("locks");
  }
}
