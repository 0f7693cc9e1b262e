package io.pipelinescheduler.http;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.http.internal.ApiSettings;
import io.pipelinescheduler.http.internal.Dispatcher;
import io.pipelinescheduler.http.internal.HostCheck;
import io.pipelinescheduler.http.internal.ServerThreads;
import io.pipelinescheduler.http.internal.TokenFile;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A REST API and a web dashboard for one {@link PipelineScheduler}, served by the JDK's own HTTP
 * server ({@code com.sun.net.httpserver}); no web framework is needed.
 *
 * <pre>{@code
 * try (SchedulerHttpServer http = SchedulerHttpServer.start(scheduler, 8080)) {
 *   System.out.println("dashboard at " + http.url());
 *   ...
 * }
 * }</pre>
 *
 * <p>Or with options:
 *
 * <pre>{@code
 * SchedulerHttpServer http = SchedulerHttpServer.builder(scheduler)
 *     .port(8080)
 *     .bindAddress("0.0.0.0")
 *     .token(System.getenv("DASHBOARD_TOKEN"))
 *     .prometheusRegistry(prometheusRegistry)
 *     .start();
 * }</pre>
 *
 * <p>Protected by default: the server listens on {@code 127.0.0.1} unless told otherwise; it
 * answers only requests whose {@code Host} header names the bound address, a loopback name or an
 * {@linkplain Builder#allowedHosts(String...) allowed host} (403 otherwise, which stops DNS
 * rebinding); every state-changing call ({@code POST}, {@code DELETE}) needs {@code Authorization:
 * Bearer <token>}, with the configured token or, without one, a token generated at start and
 * written to an owner-only file ({@link #token()}, {@link Builder#tokenFile(Path)}); reads need no
 * token and show what looks like a secret masked; schedules that run commands cannot be defined
 * over HTTP unless {@link Builder#allowCommandJobs(boolean)}; and a request must be read within
 * {@link Builder#requestReadTimeout(Duration)}. Requests are read by reading threads started as
 * needed and served by a small pool of daemon handler threads ({@value #DEFAULT_THREADS} by
 * default). Closing the server does not stop the scheduler. Thread-safe.
 *
 * <p>To serve the same API and dashboard from a web server that is already there (a servlet
 * container, a Spring Boot application), use {@link SchedulerHttpApi}.
 */
public final class SchedulerHttpServer implements AutoCloseable {
  /** The address listened on unless {@link Builder#bindAddress(String)} says otherwise. */
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

  /** The largest request body accepted unless {@link Builder#maxBodyBytes(int)} says otherwise. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  /** Handler threads unless {@link Builder#threads(int)} says otherwise. */
  public static final int DEFAULT_THREADS = 4;

  /**
   * The longest time to read one request, headers and body, unless {@link
   * Builder#requestReadTimeout(Duration)} says otherwise: 10 seconds.
   */
  public static final Duration DEFAULT_REQUEST_READ_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(SchedulerHttpServer.class);

  private final HttpServer server;
  private final ServerThreads threads;
  private final URI url;
  private final String token;
  private final Path tokenFile;
  private volatile boolean closed;

  private SchedulerHttpServer(
      HttpServer server, ServerThreads threads, URI url, String token, Path tokenFile) {
    this.server = server;
    this.threads = threads;
    this.url = url;
    this.token = token;
    this.tokenFile = tokenFile;
  }

  /**
   * Serves the API and the dashboard for {@code scheduler} on {@code 127.0.0.1:port}, without a
   * token. Returns once the port is bound.
   *
   * @param port 0 to 65535; 0 picks a free port (see {@link #port()})
   * @throws SchedulerException when the port cannot be bound
   * @throws IllegalArgumentException when the port is out of range
   */
  public static SchedulerHttpServer start(PipelineScheduler scheduler, int port) {
    return builder(scheduler).port(port).start();
  }

  /** Options for serving {@code scheduler}; finish with {@link Builder#start()}. */
  public static Builder builder(PipelineScheduler scheduler) {
    return new Builder(Objects.requireNonNull(scheduler, "scheduler"));
  }

  /** The port listened on (the one picked by the system when 0 was asked for). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The dashboard's address, e.g. {@code http://127.0.0.1:8080/}; the API is under /api/. */
  public URI url() {
    return url;
  }

  /**
   * The bearer token that state-changing calls must send: the one given to {@link
   * Builder#token(String)}, or the one generated at start when none was given.
   */
  public String token() {
    return token;
  }

  /**
   * The dashboard's address with the token as {@code ?token=}, e.g. {@code
   * http://127.0.0.1:8080/?token=...}: opened once in a browser, it lets the dashboard make changes
   * in that tab (the page keeps the token in the tab's session storage and drops it from the
   * address bar). Treat it as the token itself.
   */
  public URI urlWithToken() {
    return URI.create(url + "?token=" + token);
  }

  /**
   * Stops listening at once and ends the request threads; requests being served are cut off.
   * Deletes the file of a generated token. Does not stop the scheduler. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    threads.close();
    if (tokenFile != null) {
      try {
        Files.deleteIfExists(tokenFile);
      } catch (IOException e) {
        log.warn("cannot delete the HTTP API token file {}: {}", tokenFile, e.toString());
      }
    }
    log.info("pipeline-scheduler HTTP server on {} stopped", url);
  }

  @Override
  public String toString() {
    return "SchedulerHttpServer[" + url + (closed ? ", closed" : "") + "]";
  }

  /** The token, checked: non-blank, without white space (it is sent in a header). */
  static String checkedToken(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank() || token.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "token must be non-blank and contain no white space (it is sent in a header)");
    }
    return token;
  }

  /** The body limit, checked: at least 1. */
  static int checkedMaxBodyBytes(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + bytes);
    }
    return bytes;
  }

  /** Host names, checked and in lower case. */
  static List<String> checkedHosts(String... hosts) {
    Objects.requireNonNull(hosts, "hosts");
    List<String> names = new ArrayList<>();
    for (String host : hosts) {
      Objects.requireNonNull(host, "host");
      String name = host.strip();
      if (name.isEmpty() || name.matches(".*[\\s/@?#].*")) {
        throw new IllegalArgumentException(
            "allowed host must be a host name or an address such as scheduler.example.com,"
                + " was '"
                + host
                + "'");
      }
      names.add(name.toLowerCase(Locale.ROOT));
    }
    return names;
  }

  /**
   * Options of a {@link SchedulerHttpServer}. Each setter checks its value at once and names a
   * rejected one. Not thread-safe; use one builder on one thread.
   */
  public static final class Builder {
    private final PipelineScheduler scheduler;
    private int port;
    private String bindAddress = DEFAULT_BIND_ADDRESS;
    private String token;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int threads = DEFAULT_THREADS;
    private PrometheusMeterRegistry prometheusRegistry;
    private final Set<String> allowedHosts = new LinkedHashSet<>();
    private boolean allowCommandJobs;
    private Duration requestReadTimeout = DEFAULT_REQUEST_READ_TIMEOUT;
    private Path tokenFile;

    private Builder(PipelineScheduler scheduler) {
      this.scheduler = scheduler;
    }

    /** The port, 0 to 65535; default 0 (a free port picked by the system). */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The address to listen on, a host name or an IP literal; default {@value
     * SchedulerHttpServer#DEFAULT_BIND_ADDRESS}. A host name is also accepted in the {@code Host}
     * header of requests. {@code 0.0.0.0} listens on every interface: set a {@link #token(String)}
     * and the {@link #allowedHosts(String...) names} clients use then, and put the server behind
     * TLS.
     */
    public Builder bindAddress(String address) {
      Objects.requireNonNull(address, "address");
      if (address.isBlank()) {
        throw new IllegalArgumentException("bind address must not be blank");
      }
      this.bindAddress = address.strip();
      return this;
    }

    /** The address to listen on. */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "address").getHostAddress();
      return this;
    }

    /**
     * The bearer token that {@code POST} and {@code DELETE} calls must send as {@code
     * Authorization: Bearer <token>}. Default: none given, so a random token is generated at start
     * (32 bytes from {@code SecureRandom}), written to the {@link #tokenFile(Path) token file} and
     * returned by {@link SchedulerHttpServer#token()}; the start is logged at INFO with the file.
     *
     * @throws IllegalArgumentException when blank or when it contains white space
     */
    public Builder token(String token) {
      this.token = checkedToken(token);
      return this;
    }

    /** The largest request body accepted (larger ones get 413); default 1 MiB. */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = checkedMaxBodyBytes(bytes);
      return this;
    }

    /**
     * Handler threads, the requests whose endpoint runs at once, 1 to 64; default {@value
     * SchedulerHttpServer#DEFAULT_THREADS}. Reading a request does not take one: requests are read
     * by reading threads started as needed (up to 256), each under the {@link
     * #requestReadTimeout(Duration)}.
     */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("threads must be from 1 to 64, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * The registry that {@code GET /metrics} scrapes: give the one the scheduler's meters are in
     * ({@code SchedulerConfig.builder().meterRegistry(...)}). Without it, {@code /metrics} uses a
     * {@code PrometheusMeterRegistry} found in Micrometer's global registry, and answers 404 when
     * there is none.
     */
    public Builder prometheusRegistry(PrometheusMeterRegistry registry) {
      this.prometheusRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Host names (or addresses) that browsers and proxies may use to reach the server, in addition
     * to the bound address and, when it is a loopback or wildcard address, {@code localhost} and
     * the loopback addresses. A request whose {@code Host} header names another host gets 403: this
     * stops DNS rebinding, where a page on an attacker's name that resolves to this machine would
     * otherwise call the API. Give the name a reverse proxy passes on, or the machine's DNS name
     * when listening on {@code 0.0.0.0}. Names match case-insensitively and with any port.
     *
     * @throws IllegalArgumentException when a name is blank or contains a scheme, path or space
     */
    public Builder allowedHosts(String... hosts) {
      allowedHosts.addAll(checkedHosts(hosts));
      return this;
    }

    /**
     * Whether {@code POST /api/schedules} may create or replace schedules whose job is a command or
     * a pipeline of commands; default false: such a request gets 403 naming the schedule, and only
     * schedules of registered job types ({@code "kind": "jobType"}) can be defined over HTTP.
     * Command schedules defined in Java code can still be run, switched and removed.
     */
    public Builder allowCommandJobs(boolean allow) {
      this.allowCommandJobs = allow;
      return this;
    }

    /**
     * The longest time a client may take to send one request, headers and body, counted from its
     * first byte; default 10 seconds. A slower client's connection is closed without an answer, so
     * slow clients cannot hold the threads that serve others.
     *
     * @throws IllegalArgumentException unless from 100 ms to 10 minutes
     */
    public Builder requestReadTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.compareTo(Duration.ofMillis(100)) < 0
          || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(
            "requestReadTimeout must be from PT0.1S to PT10M, was " + timeout);
      }
      this.requestReadTimeout = timeout;
      return this;
    }

    /**
     * Where the token generated at start is written when no {@link #token(String)} is given;
     * default {@code ~/.pipeline-scheduler/http-<port>.token}. The file is readable by its owner
     * only and is deleted by {@link SchedulerHttpServer#close()}.
     */
    public Builder tokenFile(Path file) {
      this.tokenFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Binds the port and starts serving; returns once requests are accepted.
     *
     * @throws SchedulerException when the address cannot be resolved or the port cannot be bound
     */
    public SchedulerHttpServer start() {
      InetAddress address;
      try {
        address = InetAddress.getByName(bindAddress);
      } catch (UnknownHostException e) {
        throw new SchedulerException(
            "cannot resolve the HTTP bind address '" + bindAddress + "': " + e.getMessage(), e);
      }
      HttpServer server;
      try {
        server = HttpServer.create(new InetSocketAddress(address, port), 0);
      } catch (IOException e) {
        throw new SchedulerException(
            "cannot listen on "
                + address.getHostAddress()
                + ":"
                + port
                + " for the HTTP API: "
                + e.getMessage(),
            e);
      }
      int boundPort = server.getAddress().getPort();
      boolean generated = token == null;
      String effectiveToken = generated ? TokenFile.generate() : token;
      Path file = generated ? writeToken(effectiveToken, boundPort) : null;
      ServerThreads serverThreads = new ServerThreads(threads, requestReadTimeout);
      ApiSettings settings =
          new ApiSettings(
              scheduler,
              effectiveToken,
              generated,
              maxBodyBytes,
              prometheusRegistry,
              address,
              allowCommandJobs);
      Set<String> names = new LinkedHashSet<>(allowedHosts);
      if (!bindAddress.contains(":") && !bindAddress.matches("[0-9.]+")) {
        names.add(bindAddress.toLowerCase(Locale.ROOT)); // bound by name: clients use that name
      }
      HostCheck hosts = new HostCheck(address, boundPort, names);
      server.createContext("/", new Dispatcher(settings, hosts, serverThreads.handlers()));
      server.setExecutor(serverThreads.exchanges());
      server.start();
      URI url = urlOf(address, boundPort);
      if (generated && !address.isLoopbackAddress()) {
        log.warn(
            "pipeline-scheduler HTTP API listens on {} with a generated token and plain HTTP;"
                + " set SchedulerHttpServer.builder(..).token(..) and put it behind TLS",
            address.getHostAddress());
      }
      if (generated) {
        log.info(
            "pipeline-scheduler HTTP API and dashboard on {} (token required for POST and DELETE;"
                + " generated at start, in {} and SchedulerHttpServer.token())",
            url,
            file == null ? "no file (see the warning above)" : file);
      } else {
        log.info(
            "pipeline-scheduler HTTP API and dashboard on {} (token required for POST and DELETE)",
            url);
      }
      return new SchedulerHttpServer(server, serverThreads, url, effectiveToken, file);
    }

    /** Writes a generated token to its file; null when that fails (a warning says why). */
    private Path writeToken(String token, int boundPort) {
      Path file = tokenFile != null ? tokenFile : TokenFile.defaultPath(boundPort);
      try {
        TokenFile.write(file, token);
        return file;
      } catch (IOException | RuntimeException e) {
        log.warn(
            "cannot write the generated HTTP API token to {}: {}; it is available from"
                + " SchedulerHttpServer.token() only",
            file,
            e.toString());
        return null;
      }
    }

    private static URI urlOf(InetAddress address, int port) {
      String host;
      if (address.isAnyLocalAddress()) {
        host = "localhost";
      } else if (address instanceof Inet6Address) {
        host = "[" + address.getHostAddress().replaceFirst("%.*$", "") + "]";
      } else {
        host = address.getHostAddress();
      }
      return URI.create("http://" + host + ":" + port + "/");
    }
  }
}
