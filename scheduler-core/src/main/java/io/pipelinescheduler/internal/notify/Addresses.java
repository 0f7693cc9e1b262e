package io.pipelinescheduler.internal.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;

/** The checks of notification addresses, shared by the scheduler's settings and each schedule's. */
public final class Addresses {
  /** What an email address looks like, for error messages. */
  public static final String EMAIL_EXAMPLE = "an email address, e.g. ops@example.com";

  private Addresses() {}

  /**
   * Null when {@code address} is one email address with a domain ({@code ops@example.com} or {@code
   * Ops <ops@example.com>}), else what is wrong with it.
   */
  public static String emailProblem(String address) {
    try {
      InternetAddress parsed = new InternetAddress(address, true);
      if (parsed.isGroup() || parsed.getAddress().indexOf('@') < 1) {
        return "not a single address with a domain";
      }
      return null;
    } catch (AddressException e) {
      return e.getMessage();
    }
  }

  /** True for an absolute http or https URI with a host. */
  public static boolean isHttpUrl(URI uri) {
    String scheme = uri.getScheme();
    return uri.isAbsolute()
        && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
        && uri.getHost() != null;
  }
}
