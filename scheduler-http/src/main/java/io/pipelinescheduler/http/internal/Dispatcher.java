package io.pipelinescheduler.http.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.pipelinescheduler.http.SchedulerHttpApi.Call;
import io.pipelinescheduler.http.SchedulerHttpApi.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every request of the JDK server in the two stages of the {@link Api}. On the thread that
 * read the request line and headers (a reading thread, under the {@link ReadDeadlines}): the Host
 * check, then the whole body, bounded in size. Then on one of the server's handler threads: the
 * route, the checks and the endpoint. A client that sends slowly holds a reading thread only, never
 * a handler.
 */
public final class Dispatcher implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final Api api;
  private final ExecutorService handlers;

  /**
   * A dispatcher over the API routes for these settings.
   *
   * @param handlers the threads that run endpoints once a request has been read
   */
  public Dispatcher(ApiSettings settings, HostCheck hosts, ExecutorService handlers) {
    this.api = new Api(settings, hosts);
    this.handlers = handlers;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Call call = new ExchangeCall(exchange);
    try {
      byte[] body;
      try {
        body = api.admit(call);
      } catch (ApiException e) {
        send(exchange, Api.reply(call, Response.error(e.status(), e.getMessage(), e.headers())));
        return;
      }
      if (!ReadDeadlines.endReading()) {
        throw new IOException("the request was not read within its deadline");
      }
      send(exchange, Api.reply(call, handle(call, body)));
    } catch (IOException e) {
      log.debug(
          "{} {}: client went away",
          exchange.getRequestMethod(),
          exchange.getRequestURI().getPath());
      throw e; // the JDK server then drops the connection
    } finally {
      exchange.close();
    }
  }

  /** Runs the endpoint on a handler thread and waits for its answer. */
  private Response handle(Call call, byte[] body) throws IOException {
    Future<Response> answer = handlers.submit(() -> api.respond(call, body));
    try {
      return answer.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("respond() answers every exception", e.getCause());
    } catch (CancellationException | RejectedExecutionException e) {
      throw new IOException("the server is closing", e);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the request was handled", e);
    }
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    var headers = exchange.getResponseHeaders();
    reply.headers().forEach(headers::set);
    boolean noBody = reply.body().length == 0;
    exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body());
      }
    }
  }

  /** A request of the JDK server, mounted at its root. */
  private record ExchangeCall(HttpExchange exchange) implements Call {
    @Override
    public String method() {
      return exchange.getRequestMethod();
    }

    @Override
    public String basePath() {
      return "";
    }

    @Override
    public String rawPath() {
      return exchange.getRequestURI().getRawPath();
    }

    @Override
    public String rawQuery() {
      return exchange.getRequestURI().getRawQuery();
    }

    @Override
    public String header(String name) {
      return exchange.getRequestHeaders().getFirst(name);
    }

    @Override
    public InputStream body() {
      return exchange.getRequestBody();
    }
  }
}
