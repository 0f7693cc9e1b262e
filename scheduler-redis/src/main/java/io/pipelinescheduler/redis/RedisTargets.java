package io.pipelinescheduler.redis;

import io.pipelinescheduler.spi.Secrets;
import java.util.Collection;
import java.util.stream.Collectors;
import org.redisson.config.Config;

/** Words for where a Redisson configuration looks for Redis, passwords masked. Stateless. */
final class RedisTargets {
  private RedisTargets() {}

  /** E.g. {@code redis://cache:6379}, {@code sentinel master 'main' via [...]}. */
  static String describe(Config config) {
    if (config == null) {
      return "nowhere (no configuration)";
    }
    if (config.isSingleConfig()) {
      return mask(config.useSingleServer().getAddress());
    }
    if (config.isSentinelConfig()) {
      return "sentinel master '"
          + config.useSentinelServers().getMasterName()
          + "' via "
          + mask(config.useSentinelServers().getSentinelAddresses());
    }
    if (config.isClusterConfig()) {
      return "cluster nodes " + mask(config.useClusterServers().getNodeAddresses());
    }
    return "the servers of the Redisson configuration";
  }

  private static String mask(String address) {
    return address == null ? "(no address)" : Secrets.maskUrl(address);
  }

  private static String mask(Collection<String> addresses) {
    return addresses.stream().map(RedisTargets::mask).collect(Collectors.joining(", ", "[", "]"));
  }
}
