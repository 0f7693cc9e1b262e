/**
 * The {@code redis} lock backend: {@link io.pipelinescheduler.redis.RedisLockBackend} on Redisson,
 * found by {@link java.util.ServiceLoader} through {@link
 * io.pipelinescheduler.redis.RedisLockBackendProvider} when this artifact is on the class path.
 */
package io.pipelinescheduler.redis;
