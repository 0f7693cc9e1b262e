package io.pipelinescheduler.redis;

import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.spi.ClaimStorage;
import io.pipelinescheduler.spi.Secrets;
import io.pipelinescheduler.spi.StorageClaim;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * The storage of the {@code redis} backend ({@link RedisLockBackend}): each claim a key holding a
 * small hash (owner, state, until), claimed, renewed and finished by the Lua scripts of {@link
 * ClaimScripts}, each an atomic step on the server. Thread-safe; every operation fails with an
 * {@link IOException} naming the Redis (password masked) while it cannot be reached.
 */
final class RedisClaimStorage implements ClaimStorage {
  /** The most keys one {@link ClaimScripts#CLAIM_ALL} call claims (it blocks Redis meanwhile). */
  private static final int KEYS_PER_SCRIPT = 500;

  private final Clock clock;
  private final RedissonClient client;
  private final RScript script;
  private final ScriptPipeline claimPipeline;
  private final ScriptPipeline finishPipeline;
  private final boolean cluster;
  private final String keyPrefix;
  private final String target;

  /**
   * Connects to Redis.
   *
   * @param redissonConfig how to reach Redis; copied by Redisson, not changed
   * @param clock wall time for the keys' expiry
   * @param keyPrefix put before every claim key
   * @param target where Redis is, passwords masked, for messages
   * @throws SchedulerException saying where Redis was looked for when it cannot be reached
   */
  RedisClaimStorage(Config redissonConfig, Clock clock, String keyPrefix, String target) {
    this.clock = clock;
    this.keyPrefix = keyPrefix;
    this.target = target;
    this.client = connect(redissonConfig, target);
    this.script = client.getScript(StringCodec.INSTANCE);
    this.claimPipeline = new ScriptPipeline(client, ClaimScripts.CLAIM);
    this.finishPipeline = new ScriptPipeline(client, ClaimScripts.FINISH);
    this.cluster = redissonConfig.isClusterConfig();
  }

  /**
   * A feed of schedule changes over this storage's connection (see {@link RedisScheduleChanges}).
   */
  RedisScheduleChanges changes() {
    return new RedisScheduleChanges(client, keyPrefix + RedisScheduleChanges.CHANNEL_SUFFIX);
  }

  @Override
  public String key(SlotClaim claim) {
    return keyPrefix + claim.key();
  }

  @Override
  public boolean insertIfAbsentOrExpired(
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
  public boolean[] insertAllIfAbsentOrExpired(List<StorageClaim> claims, Instant now)
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
  public boolean renew(String key, String owner, Instant tombstoneUntil) throws IOException {
    return run(
        ClaimScripts.RENEW,
        key,
        owner,
        Long.toString(tombstoneUntil.toEpochMilli()),
        ttl(clock.instant(), tombstoneUntil));
  }

  @Override
  public void finish(String key, String owner, Instant tombstoneUntil) throws IOException {
    run(
        ClaimScripts.FINISH,
        key,
        owner,
        Long.toString(tombstoneUntil.toEpochMilli()),
        ttl(clock.instant(), tombstoneUntil));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One multi-key script per 500 claims on a single server or sentinel; in a cluster, one
   * pipeline of single-key scripts.
   */
  @Override
  public void finishAll(List<StorageClaim> claims) throws IOException {
    Instant now = clock.instant();
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

  /**
   * Connects with this Redisson configuration and checks that Redis answers.
   *
   * @throws SchedulerException saying where Redis was looked for (passwords masked) when it cannot
   *     be reached
   */
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

  @Override
  public Map<String, Object> details() {
    return Map.of("redis", target, "keyPrefix", keyPrefix);
  }

  @Override
  public void close() {
    client.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
