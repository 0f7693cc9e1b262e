package io.pipelinescheduler.internal.observe;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.spi.StoredJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a Slack-compatible message, {@code {"text":"..."}}, to a webhook for every failed run
 * (FAILED, TIMED_OUT, CANCELLED, ABANDONED) and, when asked, for every successful one. The text
 * names the schedule, status, attempt, run id, node, duration, slot, trigger and the error; the
 * run's output is not sent.
 *
 * <p>The scheduler does not register it as a listener: its {@code Notifications} decides which runs
 * are notified (failures for good, successes or recoveries when asked, within a rate limit) and
 * calls {@link #post(String, String, String)}. The callbacks serve a listener of one's own.
 *
 * <p>Callbacks and posts never block and never throw: the post is sent with {@link
 * HttpClient#sendAsync} and a failure to send (no answer within the request timeout, connection
 * refused, a non-2xx answer) is logged at WARN with the webhook address (its path left out: a
 * webhook path is a secret) and then dropped. At most {@value #MAX_IN_FLIGHT} posts are in flight;
 * a run finishing while that many are pending is logged and not posted. Thread-safe.
 */
public final class WebhookNotifier implements SchedulerListener, AutoCloseable {
  /** The default request and connect timeout: 10 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  static final int MAX_IN_FLIGHT = 64;

  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);

  private final URI uri;
  private final String shownUri;
  private final boolean notifyOnSuccess;
  private final HttpClient client;
  private final Duration timeout;
  private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Posts to {@code uri} with a client of its own: HTTP/1.1 (no h2c upgrade, which some webhook
   * servers refuse), connect and request timeout {@link #DEFAULT_TIMEOUT}, the client's default
   * daemon executor.
   *
   * @throws NullPointerException if {@code uri} is null
   * @throws IllegalArgumentException if {@code uri} is not an absolute http or https URI with a
   *     host
   */
  public WebhookNotifier(URI uri, boolean notifyOnSuccess) {
    this(uri, notifyOnSuccess, defaultClient(), DEFAULT_TIMEOUT);
  }

  /**
   * A client as {@link #WebhookNotifier(URI, boolean)} makes: HTTP/1.1, connect timeout {@link
   * #DEFAULT_TIMEOUT}, the default daemon executor. One may serve many webhooks.
   */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(DEFAULT_TIMEOUT)
        .build();
  }

  /**
   * Posts to {@code uri} with the given client, each request timing out after {@code
   * requestTimeout}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code uri} is not an absolute http or https URI with a
   *     host, or {@code requestTimeout} is not positive
   */
  public WebhookNotifier(
      URI uri, boolean notifyOnSuccess, HttpClient client, Duration requestTimeout) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.shownUri = shown(uri);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "webhook URI '" + shownUri + "' must be an absolute http or https URI with a host");
    }
    this.notifyOnSuccess = notifyOnSuccess;
    this.client = Objects.requireNonNull(client, "client");
    this.timeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException(
          "webhook request timeout must be positive, was " + requestTimeout);
    }
  }

  /** Posts a notification of the failed run. */
  @Override
  public void onRunFailed(ExecutionRecord run) {
    post(run);
  }

  /** Posts a notification of the successful run when this notifier was built to. */
  @Override
  public void onRunSucceeded(ExecutionRecord run) {
    if (notifyOnSuccess) {
      post(run);
    }
  }

  /**
   * Waits until every post sent so far has been answered or has failed, at most {@code max}.
   *
   * @return true when none is left in flight, false on timeout or interrupt (the interrupt flag is
   *     kept)
   */
  public boolean flush(Duration max) {
    CompletableFuture<?>[] pending = inFlight.toArray(new CompletableFuture<?>[0]);
    try {
      CompletableFuture.allOf(pending).get(max.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true; // cannot happen: each future is completed normally
    }
  }

  /**
   * Stops posting and waits for the posts in flight, at most the request timeout plus one second.
   * Later callbacks are ignored. Idempotent; never throws.
   */
  @Override
  public void close() {
    closed = true;
    if (!flush(timeout.plusSeconds(1))) {
      log.warn("webhook {}: {} post(s) still in flight at close", shownUri, inFlight.size());
    }
  }

  private void post(ExecutionRecord run) {
    post(run.scheduleName(), run.runId(), RunMessage.text(run));
  }

  /**
   * Posts {@code text} as the message about run {@code runId} of schedule {@code scheduleName},
   * with the same limits and logging as the callbacks. Never blocks, never throws.
   */
  public void post(String scheduleName, String runId, String text) {
    if (closed) {
      log.debug("webhook {}: closed, run {} not posted", shownUri, runId);
      return;
    }
    if (inFlight.size() >= MAX_IN_FLIGHT) {
      log.warn(
          "webhook {}: {} posts in flight, run {} of schedule '{}' not posted",
          shownUri,
          MAX_IN_FLIGHT,
          runId,
          scheduleName);
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    inFlight.add(done);
    try {
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .header("Content-Type", "application/json; charset=utf-8")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      StoredJson.object("text", text), StandardCharsets.UTF_8))
              .build();
      client
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, error) -> {
                try {
                  report(runId, response, error);
                } finally {
                  inFlight.remove(done);
                  done.complete(null);
                }
              });
    } catch (RuntimeException e) {
      log.warn("webhook {}: post for run {} failed: {}", shownUri, runId, e.toString());
      inFlight.remove(done);
      done.complete(null);
    }
  }

  private void report(String runId, HttpResponse<Void> response, Throwable error) {
    if (error != null) {
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      log.warn("webhook {}: post for run {} failed: {}", shownUri, runId, cause.toString());
    } else if (response.statusCode() / 100 != 2) {
      log.warn(
          "webhook {}: post for run {} answered HTTP {}", shownUri, runId, response.statusCode());
    } else {
      log.debug("webhook {}: posted run {}", shownUri, runId);
    }
  }

  /**
   * The URI without user info, path, query or fragment ({@code https://hooks.slack.com/…}): a
   * webhook's path is its secret and must not reach the logs.
   */
  static String shown(URI uri) {
    if (uri.getHost() == null) {
      return uri.getScheme() == null ? "(relative URI)" : uri.getScheme() + ":…";
    }
    String path = uri.getRawPath();
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
        + (path == null || path.isEmpty() || path.equals("/") ? "" : "/…");
  }
}
