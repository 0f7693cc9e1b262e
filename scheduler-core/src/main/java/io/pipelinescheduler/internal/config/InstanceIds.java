package io.pipelinescheduler.internal.config;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The default instance id, {@code <host name>-<pid>}, e.g. {@code myhost-12345}. Computed once per
 * JVM (the host name lookup can be slow) and never throws. Thread-safe.
 */
public final class InstanceIds {
  private InstanceIds() {}

  /** The default id of this JVM, computed on first use. */
  public static String defaultInstanceId() {
    return Holder.DEFAULT;
  }

  /**
   * {@code <host>-<pid>}: the host from {@code localHostName}, else the {@code HOSTNAME} or {@code
   * COMPUTERNAME} variable, else {@code localhost}.
   */
  public static String compute(
      Callable<String> localHostName, Map<String, String> environment, long pid) {
    return hostName(localHostName, environment) + "-" + pid;
  }

  private static String hostName(Callable<String> localHostName, Map<String, String> environment) {
    try {
      String host = localHostName.call();
      if (host != null && !host.isBlank()) {
        return host.strip();
      }
    } catch (Exception e) {
      // fall through to the environment: a host whose name does not resolve is common in containers
    }
    for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
      String host = environment.get(variable);
      if (host != null && !host.isBlank()) {
        return host.strip();
      }
    }
    return "localhost";
  }

  private static final class Holder {
    static final String DEFAULT =
        compute(
            () -> InetAddress.getLocalHost().getHostName(),
            System.getenv(),
            ProcessHandle.current().pid());
  }
}
