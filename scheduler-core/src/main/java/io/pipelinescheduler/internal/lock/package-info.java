/**
 * Lock backends: the {@link io.pipelinescheduler.internal.lock.AbstractLockBackend} template, the
 * in-memory {@code local} backend, the {@code file} backend for several processes on one machine,
 * their providers, and {@link io.pipelinescheduler.internal.lock.LockBackends#open} to choose one
 * from a configuration. Not public API.
 */
package io.pipelinescheduler.internal.lock;
