package io.pipelinescheduler.redis;

import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.spi.RenewingLockBackend;
import io.pipelinescheduler.spi.ScheduleChanges;
import io.pipelinescheduler.spi.StorageLockBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code redis} lock backend: instances on any number of machines share one Redis (a single
 * server, a sentinel group or a cluster), reached through Redisson.
 *
 * <p>A claim is one key, {@code <keyPrefix><schedule>|<slot epoch ms>|<attempt>}, holding a small
 * hash (owner, state, until) written by a Lua script in one atomic step: it is stored only if the
 * key is absent or holds a finished claim whose tombstone has expired by the claimant's clock. The
 * key's Redis expiry is the claim's tombstone ({@code max(period, 5 min)}, see {@link
 * StorageLockBackend#MINIMUM_TOMBSTONE}). While the run runs, the claim is renewed every {@link
 * #DEFAULT_RENEWAL_INTERVAL 10 s} (owner-checked); a renewal that fails (Redis unreachable, or the
 * key gone after a failover) marks the claim lost, which the run sees as {@code
 * JobContext.isCancelled()}. When the run ends the claim becomes a tombstone that blocks the slot
 * for the tombstone duration counted from then, so an instance whose clock is behind cannot run the
 * slot again. If the holder dies, its claim blocks the slot until its expiry: at most once per
 * slot.
 *
 * <p>The claims of one {@link #tryClaimAll} call go to Redis pipelined, in one round trip per
 * thousand, each key's claim still one atomic script.
 *
 * <p>It is a {@link StorageLockBackend} on Redis ({@code RedisClaimStorage}) wrapped in a {@link
 * RenewingLockBackend}. Operations fail with {@link SchedulerException} while Redis cannot be
 * reached; Redisson reconnects by itself, and the next claim after Redis is back works.
 * Thread-safe.
 */
public final class RedisLockBackend extends RenewingLockBackend {
  /** The name users select it by: {@value}. */
  public static final String NAME = "redis";

  /** Default of {@link #keyPrefix()}: {@value}. */
  public static final String DEFAULT_KEY_PREFIX = "pipeline-scheduler:claim:";

  /** How often a running claim is renewed by default: 10 seconds. */
  public static final Duration DEFAULT_RENEWAL_INTERVAL = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(RedisLockBackend.class);

  private final String keyPrefix;
  private final RedisClaimStorage storage;

  /**
   * Connects with this Redisson configuration (single server, sentinel, cluster, TLS: whatever it
   * says), with the default key prefix and renewal interval. For {@code
   * SchedulerConfig.builder().distributed(true).lockBackend(new RedisLockBackend(config, clock))};
   * the scheduler closes it. The configuration's own timeouts apply; {@link #configFromUrl} makes
   * one with short ones.
   *
   * @param redissonConfig how to reach Redis; copied by Redisson, not changed
   * @param clock wall time for tombstones; use the scheduler's clock
   * @throws SchedulerException saying where Redis was looked for (passwords masked) when it cannot
   *     be reached
   */
  public RedisLockBackend(Config redissonConfig, Clock clock) {
    this(redissonConfig, clock, DEFAULT_KEY_PREFIX, DEFAULT_RENEWAL_INTERVAL);
  }

  /**
   * Connects with this Redisson configuration, a key prefix and a renewal interval.
   *
   * @param redissonConfig how to reach Redis; copied by Redisson, not changed
   * @param clock wall time for tombstones; use the scheduler's clock
   * @param keyPrefix put before every claim key, so that applications sharing a Redis keep apart
   * @param renewalInterval how often running claims are renewed: more than zero and less than
   *     {@link StorageLockBackend#MINIMUM_TOMBSTONE}
   * @throws SchedulerException when the prefix is empty or the interval out of range, or saying
   *     where Redis was looked for (passwords masked) when it cannot be reached
   */
  public RedisLockBackend(
      Config redissonConfig, Clock clock, String keyPrefix, Duration renewalInterval) {
    this(redissonConfig, clock, keyPrefix, renewalInterval, RedisTargets.describe(redissonConfig));
  }

  RedisLockBackend(
      Config redissonConfig,
      Clock clock,
      String keyPrefix,
      Duration renewalInterval,
      String target) {
    this(
        new RedisClaimStorage(
            checked(redissonConfig, clock, keyPrefix, renewalInterval), clock, keyPrefix, target),
        clock,
        keyPrefix,
        renewalInterval,
        target);
  }

  private RedisLockBackend(
      RedisClaimStorage storage,
      Clock clock,
      String keyPrefix,
      Duration renewalInterval,
      String target) {
    super(new StorageLockBackend(NAME, clock, storage), renewalInterval);
    this.storage = storage;
    this.keyPrefix = keyPrefix;
    log.info("Lock backend 'redis' connected to {}; claim keys start with '{}'", target, keyPrefix);
  }

  /** The configuration, once the settings are checked (before connecting). */
  private static Config checked(
      Config redissonConfig, Clock clock, String keyPrefix, Duration renewalInterval) {
    Objects.requireNonNull(redissonConfig, "redissonConfig");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    Objects.requireNonNull(renewalInterval, "renewalInterval");
    if (keyPrefix.isEmpty()) {
      throw new SchedulerException("redis keyPrefix must not be empty, e.g. " + DEFAULT_KEY_PREFIX);
    }
    if (!isValidInterval(renewalInterval)) {
      throw new SchedulerException(
          "redis renewalInterval must be more than zero and less than "
              + StorageLockBackend.MINIMUM_TOMBSTONE
              + ", was "
              + renewalInterval);
    }
    return redissonConfig;
  }

  /**
   * A Redisson configuration for one server from a {@code redis://} or {@code rediss://} (TLS) URL,
   * {@code redis://[[user]:password@]host[:port][/database]}, with the timeouts this backend uses
   * by default: connect 2 s, answer 2 s, one retry after 200 ms. A user info without a colon is a
   * password. Change the result as needed before passing it to a constructor.
   *
   * @throws SchedulerException quoting the URL, password masked, when it cannot be read
   */
  public static Config configFromUrl(String redisUrl) {
    Objects.requireNonNull(redisUrl, "redisUrl");
    return RedisUrl.toConfig(redisUrl, null);
  }

  /** The prefix of every claim key. */
  /**
   * Redis pub/sub on the channel {@code <keyPrefix>schedule-changes}: each instance publishes the
   * names of the schedules it changed, and hears the others'.
   */
  @Override
  public Optional<ScheduleChanges> changes() {
    return Optional.of(storage.changes());
  }

  public String keyPrefix() {
    return keyPrefix;
  }

  /** A name for {@code CLIENT LIST}: {@code pipeline-scheduler:<instance id>}, spaces replaced. */
  static String clientName(SchedulerConfig config) {
    return "pipeline-scheduler:" + config.instanceId().replaceAll("[^A-Za-z0-9._:@-]", "_");
  }
}
