package io.pipelinescheduler.internal.time;

/**
 * One shared instance for equal immutable values that many schedules hold (interval lengths, the
 * text of timings), so that a million schedules with the same period keep one copy of it rather
 * than a million.
 *
 * <p>A small direct-mapped table: a value takes the slot of its hash, replacing what was there. It
 * never grows, and a value it does not hold is returned as given. Thread-safe without locks: the
 * values are immutable, and a racing write only loses a sharing.
 */
public final class Canonical {
  private static final int BITS = 10;
  private static final Object[] TABLE = new Object[1 << BITS];

  private Canonical() {}

  /**
   * An instance equal to {@code value}: the one held for it when there is one, else {@code value}
   * (then held in its place). {@code value} must be immutable, with {@code equals} and {@code
   * hashCode} of a value type; null gives null.
   */
  @SuppressWarnings("unchecked")
  public static <T> T of(T value) {
    if (value == null) {
      return null;
    }
    // Fibonacci hashing spreads hash codes that differ only in their high bits.
    int slot = (value.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - BITS);
    Object held = TABLE[slot];
    if (held != null && held.getClass() == value.getClass() && held.equals(value)) {
      return (T) held;
    }
    TABLE[slot] = value;
    return value;
  }
}
