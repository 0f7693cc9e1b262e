package io.pipelinescheduler.internal.lock;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The content of a claim file: the key, its owner, whether the run is still going and until when
 * the slot stays blocked. Text lines {@code field=value} ending with an {@code end} line, so that
 * trailing bytes of an older, longer content are ignored.
 */
record ClaimRecord(String key, String owner, State state, Instant tombstoneUntil) {
  /** Whether the claiming run is still going. */
  enum State {
    RUNNING,
    FINISHED
  }

  private static final String HEADER = "pipeline-scheduler slot claim v1";
  private static final String END = "end";

  /** The bytes written to the file. */
  byte[] toBytes() {
    String text =
        HEADER
            + "\nkey="
            + encode(key)
            + "\nowner="
            + encode(owner)
            + "\nstate="
            + state
            + "\ntombstoneUntil="
            + tombstoneUntil
            + "\n"
            + END
            + "\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Parses file content; empty when it is not a complete claim record. */
  static Optional<ClaimRecord> parse(byte[] content) {
    String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
    if (lines.length == 0 || !lines[0].equals(HEADER)) {
      return Optional.empty();
    }
    Map<String, String> fields = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].equals(END)) {
        return fromFields(fields);
      }
      int eq = lines[i].indexOf('=');
      if (eq > 0) {
        fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
      }
    }
    return Optional.empty(); // no end line: cut short
  }

  private static Optional<ClaimRecord> fromFields(Map<String, String> fields) {
    try {
      return Optional.of(
          new ClaimRecord(
              decode(fields.get("key")),
              decode(fields.get("owner")),
              State.valueOf(fields.get("state")),
              Instant.parse(fields.get("tombstoneUntil"))));
    } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
