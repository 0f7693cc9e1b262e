/**
 * Lock backends: the in-memory {@code local} backend, the {@code file} backend for several
 * processes on one machine (each a {@link io.pipelinescheduler.spi.StorageLockBackend} on its own
 * {@link io.pipelinescheduler.spi.ClaimStorage}), their providers, and {@link
 * io.pipelinescheduler.internal.lock.LockBackends#open} to choose one from a configuration. Not
 * public API.
 */
package io.pipelinescheduler.internal.lock;
