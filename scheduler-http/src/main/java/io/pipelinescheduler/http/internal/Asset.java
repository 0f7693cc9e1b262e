package io.pipelinescheduler.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A file served from the jar, read once: the dashboard's page, script and style sheet, and the
 * OpenAPI document. Resources live under {@code io/pipelinescheduler/http/}.
 *
 * @param bytes its content
 * @param contentType its Content-Type
 */
record Asset(byte[] bytes, String contentType) {
  private static final String BASE = "/io/pipelinescheduler/http/";

  /** The policy that keeps the dashboard to its own script and styles. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /**
   * Reads {@code BASE + path} from the class path.
   *
   * @throws IllegalStateException when the jar lacks it
   */
  static Asset load(String path, String contentType) {
    try (InputStream in = Asset.class.getResourceAsStream(BASE + path)) {
      if (in == null) {
        throw new IllegalStateException("resource " + BASE + path + " is missing from the jar");
      }
      return new Asset(in.readAllBytes(), contentType);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + BASE + path, e);
    }
  }

  /** A 200 response with this content, revalidated by the browser on each load. */
  Response response() {
    return response(bytes);
  }

  /**
   * The dashboard's page for the API mounted at {@code basePath} ({@code ""} at the root): every
   * {@code {{base}}} in it replaced, so that its files and API calls are found under the mount.
   */
  Response page(String basePath) {
    String page = new String(bytes, StandardCharsets.UTF_8).replace("{{base}}", escape(basePath));
    return response(page.getBytes(StandardCharsets.UTF_8));
  }

  private Response response(byte[] content) {
    return new Response(
        200,
        contentType,
        content,
        Map.of("Cache-Control", "no-cache", "Content-Security-Policy", CONTENT_SECURITY_POLICY));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
