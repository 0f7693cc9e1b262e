package io.pipelinescheduler.internal.lock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * File names in a lock directory. A claim file is a readable, sanitized prefix of the key plus a
 * hash of the whole key, so any schedule name (slashes, unicode, hundreds of characters, names that
 * differ only in case) maps to a distinct, portable name. Temporary files start with a dot and
 * carry this JVM's random id, so a sweeper can tell its own in-flight files apart.
 */
final class ClaimFileNames {
  static final String CLAIM_SUFFIX = ".claim";
  static final String TEMP_SUFFIX = ".tmp";
  private static final int PREFIX_LENGTH = 80;
  private static final String JVM_ID = UUID.randomUUID().toString().substring(0, 8);
  private static final AtomicLong TEMP_COUNTER = new AtomicLong();

  private ClaimFileNames() {}

  /** The claim file name of a key, at most about 120 characters of {@code [A-Za-z0-9._-]}. */
  static String claimFile(String key) {
    StringBuilder prefix = new StringBuilder(PREFIX_LENGTH);
    for (int i = 0; i < key.length() && prefix.length() < PREFIX_LENGTH; i++) {
      char c = key.charAt(i);
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || (c == '.' && prefix.length() > 0);
      prefix.append(safe ? c : '_');
    }
    return prefix + "-" + sha256(key).substring(0, 32) + CLAIM_SUFFIX;
  }

  /** A fresh temporary file name, unique within this directory. */
  static String tempFile() {
    return "." + JVM_ID + "-" + TEMP_COUNTER.incrementAndGet() + TEMP_SUFFIX;
  }

  static boolean isClaimFile(String fileName) {
    return fileName.endsWith(CLAIM_SUFFIX) && !fileName.startsWith(".");
  }

  static boolean isTempFile(String fileName) {
    return fileName.startsWith(".") && fileName.endsWith(TEMP_SUFFIX);
  }

  /** True for temporary files this JVM made: they are in flight, never swept by this JVM. */
  static boolean isOwnTempFile(String fileName) {
    return fileName.startsWith("." + JVM_ID + "-") && fileName.endsWith(TEMP_SUFFIX);
  }

  private static String sha256(String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
