package io.pipelinescheduler.http.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The token a server generates when none is configured, and the owner-only file it is written to,
 * as notebook servers do. Stateless.
 */
public final class TokenFile {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenFile() {}

  /** 32 random bytes from {@link SecureRandom}, base64url without padding (43 characters). */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** {@code ~/.pipeline-scheduler/http-<port>.token}. */
  public static Path defaultPath(int port) {
    return Path.of(
        System.getProperty("user.home"), ".pipeline-scheduler", "http-" + port + ".token");
  }

  /**
   * Writes {@code token} to {@code file}, readable and writable by its owner only (on file systems
   * with POSIX permissions), replacing the file atomically; a directory it creates is its owner's
   * only too.
   *
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, String token) throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    boolean posix =
        Files.getFileStore(existingAncestor(directory)).supportsFileAttributeView("posix");
    if (!Files.isDirectory(directory)) {
      if (posix) {
        try {
          Files.createDirectories(
              directory,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
          // made meanwhile
        }
      } else {
        Files.createDirectories(directory);
      }
    }
    Path temporary =
        posix
            ? Files.createTempFile(
                directory,
                ".http-token",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(directory, ".http-token", ".tmp");
    try {
      Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static Path existingAncestor(Path path) {
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing == null ? path.getRoot() : existing;
  }
}
