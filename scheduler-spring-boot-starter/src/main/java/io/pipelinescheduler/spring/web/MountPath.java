package io.pipelinescheduler.spring.web;

/** The checked value of {@code pipeline.scheduler.http.path}. Stateless. */
final class MountPath {
  static final String PROPERTY = "pipeline.scheduler.http.path";

  private MountPath() {}

  /**
   * The mount point without a trailing slash, e.g. {@code /scheduler} for {@code /scheduler/}.
   *
   * @throws IllegalArgumentException naming the property and the value unless it is a path of plain
   *     segments below the root
   */
  static String of(String value) {
    String path = value == null ? "" : value.strip();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (!path.startsWith("/") || !path.matches("(/[A-Za-z0-9._~-]+)+")) {
      throw new IllegalArgumentException(
          "invalid value '"
              + value
              + "' for property "
              + PROPERTY
              + ": give a path below the root such as /scheduler (letters, digits, '.', '_', '~'"
              + " and '-' in each segment)");
    }
    return path;
  }
}
