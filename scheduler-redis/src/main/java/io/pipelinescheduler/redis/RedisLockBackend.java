package io.pipelinescheduler.redis;

import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.internal.config.Secrets;
import io.pipelinescheduler.internal.lock.AbstractLockBackend;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
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
 * AbstractLockBackend#MINIMUM_TOMBSTONE}). While the run runs, the claim is renewed every {@link
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
 * <p>Operations fail with {@link SchedulerException} while Redis cannot be reached; Redisson
 * reconnects by itself, and the next claim after Redis is back works. Thread-safe.
 */
public final class RedisLockBackend extends AbstractLockBackend {
  /** The name users select it by: {@value}. */
  public static final String NAME = "redis";

  /** Default of {@link #keyPrefix()}: {@value}. */
  public static final String DEFAULT_KEY_PREFIX = "pipeline-scheduler:claim:";

  /** How often a running claim is renewed by default: 10 seconds. */
  public static final Duration DEFAULT_RENEWAL_INTERVAL = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(RedisLockBackend.class);

  /** The most keys one {@link ClaimScripts#CLAIM_ALL} call claims (it blocks Redis meanwhile). */
  private static final int KEYS_PER_SCRIPT = 500;

  private final RedissonClient client;
  private final RScript script;
  private final ScriptPipeline claimPipeline;
  private final ScriptPipeline finishPipeline;
  private final boolean cluster;
  private final String keyPrefix;
  private final Duration renewalInterval;
  private final String target;

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
   *     {@link AbstractLockBackend#MINIMUM_TOMBSTONE}
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
    super(NAME, clock);
    Objects.requireNonNull(redissonConfig, "redissonConfig");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    Objects.requireNonNull(renewalInterval, "renewalInterval");
    if (keyPrefix.isEmpty()) {
      throw new SchedulerException("redis keyPrefix must not be empty, e.g. " + DEFAULT_KEY_PREFIX);
    }
    if (renewalInterval.isNegative()
        || renewalInterval.isZero()
        || renewalInterval.compareTo(MINIMUM_TOMBSTONE) >= 0) {
      throw new SchedulerException(
          "redis renewalInterval must be more than zero and less than "
              + MINIMUM_TOMBSTONE
              + ", was "
              + renewalInterval);
    }
    this.keyPrefix = keyPrefix;
    this.renewalInterval = renewalInterval;
    this.target = target;
    this.client = connect(redissonConfig, target);
    this.script = client.getScript(StringCodec.INSTANCE);
    this.claimPipeline = new ScriptPipeline(client, ClaimScripts.CLAIM);
    this.finishPipeline = new ScriptPipeline(client, ClaimScripts.FINISH);
    this.cluster = redissonConfig.isClusterConfig();
    log.info("Lock backend 'redis' connected to {}; claim keys start with '{}'", target, keyPrefix);
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
  public String keyPrefix() {
    return keyPrefix;
  }

  @Override
  protected String key(SlotClaim claim) {
    return keyPrefix + claim.key();
  }

  @Override
  protected boolean insertIfAbsentOrExpired(
      String key, String owner, Instant now, Instant tombstoneUntil) throws IOException {
    return run(
        ClaimScripts.CLAIM,
        key,
        owner,
        Long.toString(now.toEpochMilli()),
        Long.toString(tombstoneUntil.toEpochMilli()),
        ttl(now, tombstoneUntil));
  }

  /**
   * Claims many keys in few round trips. On one server (or a sentinel-watched master), one {@link
   * ClaimScripts#CLAIM_ALL} call per {@value #KEYS_PER_SCRIPT} keys: a single atomic step on the
   * server. In a cluster, whose keys live on several nodes, the single-claim script once per key,
   * pipelined ({@link ScriptPipeline}): Redisson sends each node its keys.
   */
  @Override
  protected boolean[] insertAllIfAbsentOrExpired(List<StorageClaim> claims, Instant now)
      throws IOException {
    String nowMillis = Long.toString(now.toEpochMilli());
    boolean[] won = new boolean[claims.size()];
    if (cluster) {
      List<Long> replies =
          pipelined(
              claimPipeline,
              claims,
              claim ->
                  new Object[] {
                    claim.owner(),
                    nowMillis,
                    Long.toString(claim.tombstoneUntil().toEpochMilli()),
                    ttl(now, claim.tombstoneUntil())
                  });
      for (int i = 0; i < won.length; i++) {
        Long reply = replies.get(i);
        won[i] = reply != null && reply == 1L;
      }
      return won;
    }
    for (int from = 0; from < claims.size(); from += KEYS_PER_SCRIPT) {
      List<StorageClaim> part =
          claims.subList(from, Math.min(claims.size(), from + KEYS_PER_SCRIPT));
      List<Object> keys = new ArrayList<>(part.size());
      List<Object> args = new ArrayList<>(1 + 3 * part.size());
      args.add(nowMillis);
      for (StorageClaim claim : part) {
        keys.add(claim.key());
        args.add(claim.owner());
        args.add(Long.toString(claim.tombstoneUntil().toEpochMilli()));
        args.add(ttl(now, claim.tombstoneUntil()));
      }
      List<Object> replies =
          call(
              () ->
                  script.eval(
                      RScript.Mode.READ_WRITE,
                      ClaimScripts.CLAIM_ALL,
                      RScript.ReturnType.LIST,
                      keys,
                      args.toArray()));
      if (replies == null || replies.size() != part.size()) {
        throw new IOException(
            "Redis at "
                + target
                + " answered "
                + (replies == null ? "nothing" : replies.size() + " replies")
                + " to "
                + part.size()
                + " claims");
      }
      for (int i = 0; i < part.size(); i++) {
        won[from + i] = replies.get(i) instanceof Number n && n.longValue() == 1L;
      }
    }
    return won;
  }

  @Override
  protected boolean renew(String key, String owner, Instant tombstoneUntil) throws IOException {
    return run(
        ClaimScripts.RENEW,
        key,
        owner,
        Long.toString(tombstoneUntil.toEpochMilli()),
        ttl(clock().instant(), tombstoneUntil));
  }

  @Override
  protected void finish(String key, String owner, Instant tombstoneUntil) throws IOException {
    run(
        ClaimScripts.FINISH,
        key,
        owner,
        Long.toString(tombstoneUntil.toEpochMilli()),
        ttl(clock().instant(), tombstoneUntil));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One multi-key script per 500 claims on a single server or sentinel; in a cluster, one
   * pipeline of single-key scripts.
   */
  @Override
  protected void finishAll(List<StorageClaim> claims) throws IOException {
    Instant now = clock().instant();
    if (cluster) {
      pipelined(
          finishPipeline,
          claims,
          claim ->
              new Object[] {
                claim.owner(),
                Long.toString(claim.tombstoneUntil().toEpochMilli()),
                ttl(now, claim.tombstoneUntil())
              });
      return;
    }
    for (int from = 0; from < claims.size(); from += KEYS_PER_SCRIPT) {
      List<StorageClaim> part =
          claims.subList(from, Math.min(claims.size(), from + KEYS_PER_SCRIPT));
      List<Object> keys = new ArrayList<>(part.size());
      List<Object> args = new ArrayList<>(3 * part.size());
      for (StorageClaim claim : part) {
        keys.add(claim.key());
        args.add(claim.owner());
        args.add(Long.toString(claim.tombstoneUntil().toEpochMilli()));
        args.add(ttl(now, claim.tombstoneUntil()));
      }
      call(
          () ->
              script.eval(
                  RScript.Mode.READ_WRITE,
                  ClaimScripts.FINISH_ALL,
                  RScript.ReturnType.LONG,
                  keys,
                  args.toArray()));
    }
  }

  @Override
  protected Duration renewalInterval() {
    return renewalInterval;
  }

  @Override
  protected Map<String, Object> storageDetails() {
    return Map.of("redis", target, "keyPrefix", keyPrefix);
  }

  @Override
  protected void closeStorage() {
    client.shutdown(0, 2, TimeUnit.SECONDS);
  }

  /** A name for {@code CLIENT LIST}: {@code pipeline-scheduler:<instance id>}, spaces replaced. */
  static String clientName(SchedulerConfig config) {
    return "pipeline-scheduler:" + config.instanceId().replaceAll("[^A-Za-z0-9._:@-]", "_");
  }

  private boolean run(String lua, String key, String... args) throws IOException {
    Long result =
        call(
            () ->
                script.eval(
                    RScript.Mode.READ_WRITE,
                    lua,
                    RScript.ReturnType.LONG,
                    List.of(key),
                    (Object[]) args));
    return result != null && result == 1L;
  }

  /**
   * Runs a single-key script once per claim in one pipeline (a cluster), with the arguments {@code
   * args} makes of each claim; one reply per claim, in order.
   */
  private List<Long> pipelined(
      ScriptPipeline pipeline, List<StorageClaim> claims, Function<StorageClaim, Object[]> args)
      throws IOException {
    List<String> keys = new ArrayList<>(claims.size());
    List<Object[]> arguments = new ArrayList<>(claims.size());
    for (StorageClaim claim : claims) {
      keys.add(claim.key());
      arguments.add(args.apply(claim));
    }
    return call(() -> pipeline.evalAll(keys, arguments));
  }

  private <T> T call(Supplier<T> redisCall) throws IOException {
    // Redisson's blocking calls give up on an interrupted thread; a run that was interrupted
    // (timeout, cancel) must still be able to finish its claim.
    boolean interrupted = Thread.interrupted();
    try {
      return redisCall.get();
    } catch (RedisException e) {
      // Redisson's own message is often just "Unexpected exception while processing command".
      throw new IOException("Redis at " + target + " failed: " + rootMessage(e), e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String ttl(Instant now, Instant until) {
    return Long.toString(Math.max(1, Duration.between(now, until).toMillis()));
  }

  private static RedissonClient connect(Config config, String target) {
    RedissonClient client;
    try {
      client = Redisson.create(config);
    } catch (RuntimeException e) {
      throw unreachable(target, e);
    }
    try {
      RScript script = client.getScript(StringCodec.INSTANCE);
      script.eval(RScript.Mode.READ_ONLY, ClaimScripts.PING, RScript.ReturnType.LONG);
      // Batches of claims run it by its SHA; they load it again if Redis forgets it.
      script.scriptLoad(ClaimScripts.CLAIM);
      script.scriptLoad(ClaimScripts.FINISH);
      return client;
    } catch (RuntimeException e) {
      client.shutdown(0, 2, TimeUnit.SECONDS);
      throw unreachable(target, e);
    }
  }

  private static SchedulerException unreachable(String target, RuntimeException e) {
    return new SchedulerException(
        "cannot reach Redis at " + target + ": " + Secrets.maskUrl(rootMessage(e)), e);
  }

  /** The innermost cause, which says what went wrong on the wire (refused, timed out, auth). */
  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage());
    int channel = message.indexOf(". channel: ");
    // Redisson appends the channel and command; keep what the server said.
    return root.getClass().getSimpleName()
        + ": "
        + (channel < 0 ? message : message.substring(0, channel + 1));
  }
}
