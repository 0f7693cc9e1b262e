package io.pipelinescheduler.spring.web;

import io.pipelinescheduler.http.SchedulerHttpApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Once the web server listens, says at INFO where the API and dashboard are and, for a generated
 * token, writes it to an owner-only file and names the file, as scheduler-http's own-port server
 * does (the token itself is never logged); deletes that file when the context closes.
 */
final class TokenAnnouncement
    implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(TokenAnnouncement.class);

  private final SchedulerHttpApi api;
  private final String basePath;
  private final Path configuredFile;
  private final boolean openReads;
  private volatile Path written;

  TokenAnnouncement(SchedulerHttpApi api, String basePath, Path tokenFile, boolean openReads) {
    this.api = api;
    this.basePath = basePath;
    this.configuredFile = tokenFile;
    this.openReads = openReads;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if (event.getApplicationContext().getServerNamespace() != null) {
      return; // a management server on its own port, not the one the API is mounted in
    }
    int port = event.getWebServer().getPort();
    String url = "http://localhost:" + port + basePath + "/";
    String needs = openReads ? "POST and DELETE" : "every API call";
    if (!api.tokenGenerated()) {
      log.info(
          "pipeline-scheduler HTTP API and dashboard on {} (token required for {})", url, needs);
      return;
    }
    Path file = configuredFile != null ? configuredFile : SchedulerHttpApi.defaultTokenFile(port);
    try {
      api.writeToken(file);
      written = file;
      log.info(
          "pipeline-scheduler HTTP API and dashboard on {} (token required for {}; generated at"
              + " start, in {})",
          url,
          needs,
          file);
    } catch (IOException | RuntimeException e) {
      log.warn(
          "pipeline-scheduler HTTP API and dashboard on {}: cannot write the generated token to {}:"
              + " {}; set pipeline.scheduler.http.token",
          url,
          file,
          e.toString());
    }
  }

  @Override
  public void destroy() {
    Path file = written;
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("cannot delete the HTTP API token file {}: {}", file, e.toString());
      }
    }
  }
}
