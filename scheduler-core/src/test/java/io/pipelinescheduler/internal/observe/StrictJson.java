package io.pipelinescheduler.internal.observe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict parser (RFC 8259) for the only JSON shape the notifier writes: one object whose member
 * values are strings. Throws {@link IllegalArgumentException} on anything else, in particular a raw
 * control character in a string or a bad escape.
 */
final class StrictJson {
  private final String text;
  private int pos;

  private StrictJson(String text) {
    this.text = text;
  }

  static Map<String, String> parseStringObject(String text) {
    StrictJson p = new StrictJson(text);
    Map<String, String> members = p.object();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("trailing text");
    }
    return members;
  }

  static String parseString(String text) {
    StrictJson p = new StrictJson(text);
    String value = p.string();
    if (p.pos != text.length()) {
      throw p.error("trailing text");
    }
    return value;
  }

  private Map<String, String> object() {
    Map<String, String> members = new LinkedHashMap<>();
    skipSpace();
    expect('{');
    skipSpace();
    if (peek() == '}') {
      pos++;
      return members;
    }
    while (true) {
      skipSpace();
      String name = string();
      skipSpace();
      expect(':');
      skipSpace();
      if (members.put(name, string()) != null) {
        throw error("duplicate member " + name);
      }
      skipSpace();
      char c = next();
      if (c == '}') {
        return members;
      }
      if (c != ',') {
        throw error("expected , or }");
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("raw control character " + (int) c);
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("short \\u escape");
          }
          String hex = text.substring(pos, pos + 4);
          if (!hex.matches("[0-9a-fA-F]{4}")) {
            throw error("bad \\u escape " + hex);
          }
          out.append((char) Integer.parseInt(hex, 16));
          pos += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private void skipSpace() {
    while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected " + c);
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at " + pos + " in " + text);
  }
}
