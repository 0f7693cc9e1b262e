package io.pipelinescheduler.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.StringCodec;

/**
 * One Lua script run once per key, many keys pipelined in one {@link RBatch}: one round trip per
 * {@value #MAX_PER_PIPELINE} keys (per node in a cluster, nodes in parallel). Each run is atomic on
 * its own, as a single {@code EVAL} is; the pipeline as a whole is not a transaction.
 *
 * <p>Runs go as {@code EVALSHA}. When Redis no longer has the script (a restart, a failover to a
 * replica that never saw it, {@code SCRIPT FLUSH}) those runs fail with {@code NOSCRIPT} without
 * having run, so the script is loaded again and only they are sent once more. Redisson's own script
 * cache does not recover from that inside a batch, which is why the SHA is managed here.
 *
 * <p>Thread-safe. Calls block; the caller deals with interrupts.
 */
final class ScriptPipeline {
  /** The most runs sent in one pipeline; more take one round trip per part, one after another. */
  static final int MAX_PER_PIPELINE = 1_000;

  private final RedissonClient client;
  private final String lua;
  private final String sha;

  /**
   * @param client the connection, shared with the caller
   * @param lua the script, run with {@code KEYS[1]} and the arguments of each call
   */
  ScriptPipeline(RedissonClient client, String lua) {
    this.client = client;
    this.lua = lua;
    this.sha = sha1(lua);
  }

  /** Loads the script into every master, so that the first pipeline needs no second try. */
  void load() {
    client.getScript(StringCodec.INSTANCE).scriptLoad(lua);
  }

  /**
   * Runs the script once per key, in order, the {@code i}-th run with {@code args.get(i)}. Parts
   * are sent one after another, none after a part that failed.
   *
   * @return each run's reply as a number, null where the script returned nil
   * @throws RedisException when Redis cannot be reached or a run fails; runs already done stay done
   */
  List<Long> evalAll(List<String> keys, List<Object[]> args) {
    Long[] replies = new Long[keys.size()];
    for (int from = 0; from < keys.size(); from += MAX_PER_PIPELINE) {
      int to = Math.min(keys.size(), from + MAX_PER_PIPELINE);
      List<Integer> pending = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        pending.add(i);
      }
      List<Integer> noScript = send(keys, args, pending, replies);
      if (!noScript.isEmpty()) {
        load();
        List<Integer> stillNoScript = send(keys, args, noScript, replies);
        if (!stillNoScript.isEmpty()) {
          throw new RedisException(
              "NOSCRIPT for " + stillNoScript.size() + " keys even after SCRIPT LOAD of " + sha);
        }
      }
    }
    return Arrays.asList(replies);
  }

  /** Sends the runs at {@code pending} in one pipeline; returns those that met NOSCRIPT. */
  private List<Integer> send(
      List<String> keys, List<Object[]> args, List<Integer> pending, Long[] replies) {
    RBatch batch = client.createBatch(BatchOptions.defaults());
    RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
    List<RFuture<Long>> futures = new ArrayList<>(pending.size());
    for (int i : pending) {
      futures.add(
          script.evalShaAsync(
              RScript.Mode.READ_WRITE,
              sha,
              RScript.ReturnType.LONG,
              List.of(keys.get(i)),
              args.get(i)));
    }
    RedisException failure = null;
    try {
      batch.execute();
    } catch (RedisException e) {
      failure = e;
    }
    List<Integer> noScript = new ArrayList<>();
    for (int j = 0; j < futures.size(); j++) {
      CompletableFuture<Long> future = futures.get(j).toCompletableFuture();
      if (!future.isDone()) {
        throw failure != null
            ? failure
            : new RedisException("no reply for " + keys.get(pending.get(j)));
      }
      try {
        replies[pending.get(j)] = future.join();
      } catch (CompletionException e) {
        if (!(e.getCause() instanceof RedisNoScriptException)) {
          throw e.getCause() instanceof RedisException cause ? cause : e;
        }
        noScript.add(pending.get(j));
      }
    }
    if (failure != null && noScript.isEmpty()) {
      throw failure;
    }
    return noScript;
  }

  private static String sha1(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
