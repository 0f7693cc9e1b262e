package io.pipelinescheduler.spi;

import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tells an instance, within about a second, which schedules were created, replaced, enabled,
 * disabled or removed in a shared store by someone else: another instance, an import, an operator
 * editing the table. A {@link io.pipelinescheduler.ScheduleStore} offers one for its database
 * (PostgreSQL {@code LISTEN/NOTIFY}, a SQLite change log) and a {@link
 * io.pipelinescheduler.LockBackend} for its own channel (Redis pub/sub). The scheduler's periodic
 * refresh stays the safety net: a feed may lose a change (while reconnecting), never invent one.
 *
 * <p>Thread-safety: {@link #publish} is called from scheduler threads concurrently; {@code
 * onChange} is called from a thread of the feed's own, never concurrently with itself.
 */
public interface ScheduleChanges extends AutoCloseable {
  /**
   * Starts delivering changes: {@code onChange} gets the names of changed schedules, or an empty
   * set when the feed cannot tell which (after a reconnect: the scheduler then reads them all).
   * Called once.
   */
  void watch(Consumer<Set<String>> onChange);

  /**
   * Tells the other instances that these schedules changed here. A feed whose database records
   * every change itself (a trigger) does nothing, the default. Must not throw: a lost message is
   * caught up by the periodic refresh.
   */
  default void publish(Collection<String> names) {}

  /** Stops watching and releases the connection; must not throw. */
  @Override
  void close();
}
