package io.pipelinescheduler.internal.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text of {@code SCHEDULER_*} environment variables. Each method takes a stripped,
 * non-blank value and throws {@link IllegalArgumentException} (or another runtime exception) when
 * it cannot read it; the caller turns that into a message naming the variable. Stateless.
 */
public final class ValueParsers {
  private static final Pattern DURATION_PART =
      Pattern.compile("\\s*(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
  private static final Pattern BYTE_SIZE =
      Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib)?", Pattern.CASE_INSENSITIVE);

  private ValueParsers() {}

  /** {@code true/false}, {@code yes/no}, {@code on/off}, {@code 1/0}, any case. */
  public static boolean parseBoolean(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "on":
      case "1":
        return true;
      case "false":
      case "no":
      case "off":
      case "0":
        return false;
      default:
        throw new IllegalArgumentException("not a boolean: " + value);
    }
  }

  /** A decimal whole number that fits an {@code int}, e.g. {@code 10} or {@code +10}. */
  public static int parseInt(String value) {
    return Integer.parseInt(value);
  }

  /**
   * ISO-8601 ({@code PT30S}, {@code P30D}) or one or more number-unit pairs with units {@code ms},
   * {@code s}, {@code m}, {@code h}, {@code d}, e.g. {@code 500ms}, {@code 30s}, {@code 1h30m}. A
   * bare number is rejected: its unit would be a guess.
   */
  public static Duration parseDuration(String value) {
    String upper = value.toUpperCase(Locale.ROOT);
    if (upper.startsWith("P") || upper.startsWith("-P") || upper.startsWith("+P")) {
      return Duration.parse(value);
    }
    Matcher part = DURATION_PART.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    while (part.lookingAt()) {
      total = total.plus(unitDuration(Long.parseLong(part.group(1)), part.group(2)));
      end = part.end();
      part.region(end, value.length());
    }
    if (end == 0 || end != value.length()) {
      throw new IllegalArgumentException("not a duration: " + value);
    }
    return total;
  }

  private static Duration unitDuration(long amount, String unit) {
    switch (unit.toLowerCase(Locale.ROOT)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        return Duration.ofDays(amount);
    }
  }

  /**
   * A number of bytes: plain ({@code 65536}) or with a binary unit {@code k}/{@code kb}/{@code kib}
   * or {@code m}/{@code mb}/{@code mib} (1024-based), e.g. {@code 64KB}; must fit an {@code int}.
   */
  public static int parseByteSize(String value) {
    Matcher m = BYTE_SIZE.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a byte size: " + value);
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long factor = unit.startsWith("k") ? 1024L : unit.startsWith("m") ? 1024L * 1024L : 1L;
    return Math.toIntExact(Math.multiplyExact(amount, factor));
  }

  /** A fraction, {@code 0.5}, or a percentage, {@code 50%}. */
  public static double parseFraction(String value) {
    if (value.endsWith("%")) {
      return Double.parseDouble(value.substring(0, value.length() - 1).strip()) / 100.0;
    }
    return Double.parseDouble(value);
  }

  /** A time zone id, e.g. {@code UTC}, {@code Europe/Berlin}, {@code +02:00}. */
  public static ZoneId parseZone(String value) {
    return ZoneId.of(value);
  }

  /** A constant of {@code type} named in any case, e.g. {@code starttls} for {@code STARTTLS}. */
  public static <E extends Enum<E>> E parseEnum(Class<E> type, String value) {
    return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
  }

  /** Items separated by commas, each stripped; blank items are left out. */
  public static String[] parseList(String value) {
    return Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(v -> !v.isEmpty())
        .toArray(String[]::new);
  }

  /** A URI; scheme checks are left to the builder. */
  public static URI parseUri(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
