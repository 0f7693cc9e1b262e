/**
 * What a lock backend or store author needs beyond the interfaces in {@code io.pipelinescheduler}
 * ({@link io.pipelinescheduler.LockBackend}, {@link io.pipelinescheduler.LockBackendProvider},
 * {@link io.pipelinescheduler.ScheduleStore}, {@link io.pipelinescheduler.ScheduleStoreProvider}).
 *
 * <p>A lock backend on storage implements {@link io.pipelinescheduler.spi.ClaimStorage}, its few
 * atomic storage operations, and hands it to {@link io.pipelinescheduler.spi.StorageLockBackend},
 * which does the rest: keys, tombstone sizing, claim bookkeeping, release, counts for health
 * details and closing. Storage that forgets a claim unless it is renewed (Redis) is wrapped in
 * {@link io.pipelinescheduler.spi.RenewingLockBackend}. {@link io.pipelinescheduler.spi.Secrets}
 * masks passwords in URLs before they are logged or quoted.
 *
 * <p>The contract suites a backend's tests subclass are in the {@code scheduler-test-support}
 * artifact. Everything in this package is public API: added to, never renamed.
 */
package io.pipelinescheduler.spi;
