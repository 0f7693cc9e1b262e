package io.pipelinescheduler.internal.config;

/**
 * The rule for names that are stored and shown (schedule names, names in {@code dependsOn}, job
 * type names): 1 to {@value #MAX_LENGTH} characters (Unicode code points), no control characters
 * (NUL, line breaks, tabs, ...), no unpaired surrogates, no leading or trailing whitespace. It fits
 * every store (PostgreSQL {@code VARCHAR(255)}, SQLite, file and Redis claim keys) and keeps names
 * printable in logs, metrics and URLs. Also shows any string in a message safely: cut when long,
 * with control characters escaped.
 */
public final class Names {
  /** The longest name, in characters (code points): {@value}. */
  public static final int MAX_LENGTH = 200;

  /** How much of a value a message shows before cutting it. */
  private static final int SHOWN = 60;

  private Names() {}

  /**
   * What is wrong with {@code name}, or null when it follows the rule.
   *
   * @return e.g. {@code "name has 1048576 characters; at most 200 are allowed"}
   */
  public static String problem(String name) {
    if (name.isBlank()) {
      return "name must not be blank";
    }
    int length = name.codePointCount(0, name.length());
    if (length > MAX_LENGTH) {
      return "name has " + length + " characters; at most " + MAX_LENGTH + " are allowed";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        return String.format(
            "name has the control character U+%04X at index %d; control characters are not"
                + " allowed",
            (int) c, i);
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c)
              && i + 1 < name.length()
              && Character.isLowSurrogate(name.charAt(++i)))) {
        return "name has an unpaired surrogate character; it cannot be stored";
      }
    }
    if (Character.isWhitespace(name.codePointAt(0))
        || Character.isWhitespace(name.codePointBefore(name.length()))) {
      return "name has leading or trailing space; remove it";
    }
    return null;
  }

  /**
   * {@code value} for a message: control characters and unpaired surrogates as {@code \}{@code
   * uXXXX}, and when longer than 60 characters its first 60 followed by {@code …(N characters)}.
   */
  public static String show(String value) {
    if (value == null) {
      return "null";
    }
    boolean cut = value.length() > SHOWN;
    String head = cut ? value.substring(0, SHOWN) : value;
    StringBuilder out = new StringBuilder(head.length() + 24);
    for (int i = 0; i < head.length(); i++) {
      char c = head.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
                  && i + 1 < head.length()
                  && Character.isLowSurrogate(head.charAt(i + 1))
              || Character.isLowSurrogate(c)
                  && i > 0
                  && Character.isHighSurrogate(head.charAt(i - 1));
      if (Character.isISOControl(c) || (Character.isSurrogate(c) && !paired)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (cut) {
      out.append("…(").append(value.length()).append(" characters)");
    }
    return out.toString();
  }
}
