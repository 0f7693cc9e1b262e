package io.pipelinescheduler.http.internal;

import io.pipelinescheduler.http.SchedulerHttpApi.Call;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses (403) every request whose {@code Host} header names a host this server was not started
 * for. This is what stops DNS rebinding: a page on an attacker's name that resolves to this machine
 * sends its own name as Host, so checking Origin against Host alone lets it through.
 *
 * <p>Accepted: the bound address; when bound to a loopback address, also {@code localhost} and the
 * loopback addresses; when bound to a wildcard address, {@code localhost} and any IP address (a
 * browser that sends an IP literal as Host connects to that address, so it cannot be rebound) —
 * each with the server's port (no port only when it is 80); and the configured names with any port.
 * Mounted in another server ({@link #namesOnly}), only the configured names. Names never cause a
 * DNS lookup. Thread-safe, immutable.
 */
public final class HostCheck {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");
  private static final int QUOTED_MAX = 200;

  private final InetAddress bound;
  private final int port;
  private final boolean loopbackNames;
  private final Set<String> allowed;
  private final String answersTo;

  /**
   * A check for a server listening on {@code bound:port}.
   *
   * @param allowedHosts names accepted with any port, lower case
   */
  public HostCheck(InetAddress bound, int port, Set<String> allowedHosts) {
    this(bound, port, allowedHosts, OptionNames.SERVER_BUILDER);
  }

  private HostCheck(InetAddress bound, int port, Set<String> allowedHosts, OptionNames names) {
    this.bound = bound;
    this.port = port;
    this.loopbackNames = bound != null && (bound.isLoopbackAddress() || bound.isAnyLocalAddress());
    this.allowed = Set.copyOf(allowedHosts);
    this.answersTo = describe(names);
  }

  /**
   * A check for an API mounted in another server: only these names, with any port.
   *
   * @param allowedHosts names accepted with any port, lower case; at least one
   */
  public static HostCheck namesOnly(Set<String> allowedHosts, OptionNames names) {
    if (allowedHosts.isEmpty()) {
      throw new IllegalArgumentException("at least one allowed host is needed");
    }
    return new HostCheck(null, 0, allowedHosts, names);
  }

  /**
   * Checks the request's Host header.
   *
   * @throws ApiException 403 naming the refused host and the accepted ones
   */
  void check(Call call) {
    String host = call.header("Host");
    if (host == null) {
      throw new ApiException(
          403, "a request without a Host header is refused: this server answers to " + answersTo);
    }
    if (!accepts(host.strip())) {
      String quoted = host.length() > QUOTED_MAX ? host.substring(0, QUOTED_MAX) + "…" : host;
      throw new ApiException(
          403,
          "requests for host '" + quoted + "' are refused: this server answers to " + answersTo);
    }
  }

  boolean accepts(String hostHeader) {
    String name;
    String portText;
    if (hostHeader.startsWith("[")) {
      int close = hostHeader.indexOf(']');
      if (close < 0) {
        return false;
      }
      name = hostHeader.substring(0, close + 1);
      String rest = hostHeader.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        return false;
      }
      portText = rest.isEmpty() ? null : rest.substring(1);
    } else {
      int colon = hostHeader.indexOf(':');
      if (colon != hostHeader.lastIndexOf(':')) {
        return false;
      }
      name = colon < 0 ? hostHeader : hostHeader.substring(0, colon);
      portText = colon < 0 ? null : hostHeader.substring(colon + 1);
    }
    name = name.toLowerCase(Locale.ROOT);
    if (allowed.contains(name)) {
      return true;
    }
    if (bound == null || !portMatches(portText)) {
      return false;
    }
    if (name.equals("localhost")) {
      return loopbackNames;
    }
    InetAddress literal = literal(name);
    if (literal == null) {
      return false;
    }
    return literal.equals(bound)
        || bound.isAnyLocalAddress()
        || (bound.isLoopbackAddress() && literal.isLoopbackAddress());
  }

  private boolean portMatches(String portText) {
    if (portText == null) {
      return port == 80;
    }
    return portText.equals(Integer.toString(port));
  }

  /** The address an IP literal names, or null for a host name (which is never looked up). */
  private static InetAddress literal(String name) {
    String text;
    if (name.startsWith("[") && name.endsWith("]")) {
      text = name.substring(1, name.length() - 1);
      if (!IPV6.matcher(text).matches()) {
        return null;
      }
    } else if (IPV4.matcher(name).matches()) {
      text = name;
    } else {
      return null;
    }
    try {
      return InetAddress.getByName(text); // a literal: no lookup
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private String describe(OptionNames options) {
    Set<String> names = new LinkedHashSet<>();
    if (bound != null && !bound.isAnyLocalAddress()) {
      names.add(literalText(bound) + ":" + port);
    }
    if (loopbackNames) {
      names.add("127.0.0.1:" + port);
      names.add("localhost:" + port);
      names.add("[::1]:" + port);
    }
    if (bound != null && bound.isAnyLocalAddress()) {
      names.add("any IP address of this machine with port " + port);
    }
    names.addAll(allowed);
    List<String> list = new ArrayList<>(names);
    String last = list.remove(list.size() - 1);
    String joined = list.isEmpty() ? last : String.join(", ", list) + " and " + last;
    return joined + " (add other names with " + options.allowedHosts() + ")";
  }

  private static String literalText(InetAddress address) {
    if (address instanceof Inet6Address) {
      return "[" + address.getHostAddress().replaceFirst("%.*$", "") + "]";
    }
    return address.getHostAddress();
  }
}
