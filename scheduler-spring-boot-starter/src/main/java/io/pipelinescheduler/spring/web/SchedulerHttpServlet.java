package io.pipelinescheduler.spring.web;

import io.pipelinescheduler.http.SchedulerHttpApi;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Serves a {@link SchedulerHttpApi} in a servlet container, mapped to {@code <path>} and {@code
 * <path>/*}: every method goes to the API with the raw path below the mount point; {@code <path>}
 * itself is redirected to {@code <path>/}, the dashboard, whose relative addresses need the slash.
 * Authentication, when there is any besides the API's token, is the filter chain's (Spring
 * Security). Thread-safe.
 */
public class SchedulerHttpServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient SchedulerHttpApi api;
  private final String path;

  /**
   * A servlet for {@code api} mounted at {@code path}.
   *
   * @param path the mount point as in {@link MountPath#of(String)}, e.g. {@code /scheduler}
   */
  public SchedulerHttpServlet(SchedulerHttpApi api, String path) {
    this.api = Objects.requireNonNull(api, "api");
    this.path = Objects.requireNonNull(path, "path");
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String base = request.getContextPath() + path;
    String uri = request.getRequestURI();
    if (!uri.startsWith(base)) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND); // e.g. a percent-encoded mount path
      return;
    }
    String below = uri.substring(base.length());
    if (below.isEmpty()) {
      String query = request.getQueryString();
      response.sendRedirect(base + "/" + (query == null ? "" : "?" + query));
      return;
    }
    SchedulerHttpApi.Reply reply = api.handle(new ServletCall(request, base, below));
    response.setStatus(reply.status());
    reply.headers().forEach(response::setHeader);
    if (reply.body().length > 0) {
      response.setContentLength(reply.body().length);
      try (OutputStream out = response.getOutputStream()) {
        out.write(reply.body());
      }
    }
  }

  /** One servlet request as the API reads it. */
  private record ServletCall(HttpServletRequest request, String basePath, String rawPath)
      implements SchedulerHttpApi.Call {
    @Override
    public String method() {
      return request.getMethod();
    }

    @Override
    public String rawQuery() {
      return request.getQueryString();
    }

    @Override
    public String header(String name) {
      return request.getHeader(name);
    }

    @Override
    public InputStream body() throws IOException {
      return request.getInputStream();
    }
  }
}
