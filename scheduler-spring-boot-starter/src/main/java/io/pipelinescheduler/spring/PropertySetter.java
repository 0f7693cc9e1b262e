package io.pipelinescheduler.spring;

import java.util.function.Consumer;

/** Passes set properties to builder setters, naming the property and value of a rejected one. */
final class PropertySetter {
  private final String prefix;

  PropertySetter(String prefix) {
    this.prefix = prefix;
  }

  /**
   * Calls {@code setter} with {@code value} unless it is null.
   *
   * @throws IllegalArgumentException naming the property and value when the setter rejects it
   */
  <T> void apply(String name, T value, Consumer<T> setter) {
    if (value == null) {
      return;
    }
    try {
      setter.accept(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "invalid value '" + value + "' for property " + prefix + name + ": " + e.getMessage(), e);
    }
  }
}
