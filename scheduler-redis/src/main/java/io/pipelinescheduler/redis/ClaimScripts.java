package io.pipelinescheduler.redis;

/**
 * The Lua scripts that make each claim operation one atomic step on the Redis server.
 *
 * <p>A claim is a hash with fields {@code owner} (the instance id), {@code state} ({@code running}
 * or {@code finished}) and {@code until} (epoch milliseconds by the claimant's clock: when a
 * finished claim stops blocking its slot). Its Redis expiry is set to the same moment, so Redis
 * forgets it then; a running claim is kept alive by renewal, and if its holder dies it blocks the
 * slot until that expiry. Every script checks the owner and state it expects, so an instance never
 * renews or finishes a claim that is no longer its own.
 */
final class ClaimScripts {
  /**
   * KEYS[1] = claim key; ARGV = owner, now (ms), until (ms), time to live (ms). Returns 1 when the
   * claim was stored: no entry, or a finished one whose {@code until} is at or before now.
   */
  static final String CLAIM =
      """
      if redis.call('EXISTS', KEYS[1]) == 1 then
        local entry = redis.call('HMGET', KEYS[1], 'state', 'until')
        if entry[1] ~= 'finished' then return 0 end
        local untilMillis = tonumber(entry[2])
        if untilMillis == nil or untilMillis > tonumber(ARGV[2]) then return 0 end
        redis.call('DEL', KEYS[1])
      end
      redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'state', 'running', 'until', ARGV[3])
      redis.call('PEXPIRE', KEYS[1], ARGV[4])
      return 1
      """;

  /**
   * {@link #CLAIM} for many keys in one step (all keys on one server: not for a cluster). KEYS =
   * claim keys; ARGV[1] = now (ms), then for the i-th key ARGV[3i-1] = owner, ARGV[3i] = until
   * (ms), ARGV[3i+1] = time to live (ms). Returns one 1 (stored) or 0 per key, in order.
   */
  static final String CLAIM_ALL =
      """
      local now = tonumber(ARGV[1])
      local won = {}
      for i, key in ipairs(KEYS) do
        local free = true
        if redis.call('EXISTS', key) == 1 then
          local entry = redis.call('HMGET', key, 'state', 'until')
          local untilMillis = tonumber(entry[2])
          if entry[1] ~= 'finished' or untilMillis == nil or untilMillis > now then
            free = false
          else
            redis.call('DEL', key)
          end
        end
        if free then
          redis.call('HSET', key, 'owner', ARGV[3 * i - 1], 'state', 'running',
              'until', ARGV[3 * i])
          redis.call('PEXPIRE', key, ARGV[3 * i + 1])
          won[i] = 1
        else
          won[i] = 0
        end
      end
      return won
      """;

  /**
   * KEYS[1] = claim key; ARGV = owner, until (ms), time to live (ms). Returns 1 when the owner's
   * running claim was extended, 0 when it is gone or not this owner's.
   */
  static final String RENEW =
      """
      local entry = redis.call('HMGET', KEYS[1], 'owner', 'state')
      if entry[1] ~= ARGV[1] or entry[2] ~= 'running' then return 0 end
      redis.call('HSET', KEYS[1], 'until', ARGV[2])
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return 1
      """;

  /**
   * KEYS[1] = claim key; ARGV = owner, until (ms), time to live (ms). Turns the owner's running
   * claim into a finished one (the tombstone); returns 0 and changes nothing when it is gone or not
   * this owner's.
   */
  static final String FINISH =
      """
      local entry = redis.call('HMGET', KEYS[1], 'owner', 'state')
      if entry[1] ~= ARGV[1] or entry[2] ~= 'running' then return 0 end
      redis.call('HSET', KEYS[1], 'state', 'finished', 'until', ARGV[2])
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return 1
      """;

  /**
   * {@link #FINISH} for many keys in one step (all keys on one server: not for a cluster). KEYS =
   * claim keys; for the i-th key ARGV[3i-2] = owner, ARGV[3i-1] = until (ms), ARGV[3i] = time to
   * live (ms). Returns how many claims it finished.
   */
  static final String FINISH_ALL =
      """
      local finished = 0
      for i, key in ipairs(KEYS) do
        local entry = redis.call('HMGET', key, 'owner', 'state')
        if entry[1] == ARGV[3 * i - 2] and entry[2] == 'running' then
          redis.call('HSET', key, 'state', 'finished', 'until', ARGV[3 * i - 1])
          redis.call('PEXPIRE', key, ARGV[3 * i])
          finished = finished + 1
        end
      end
      return finished
      """;

  /** A round trip that proves the server answers and runs scripts. */
  static final String PING = "return 1";

  private ClaimScripts() {}
}
