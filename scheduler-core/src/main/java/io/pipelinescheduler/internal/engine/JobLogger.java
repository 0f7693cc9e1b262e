package io.pipelinescheduler.internal.engine;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The logger a job gets from its context: each line goes to the application's logging under {@code
 * io.pipelinescheduler.job.<schedule>} and is also appended to the run's output.
 */
final class JobLogger extends AbstractLogger {
  private static final long serialVersionUID = 1L;

  private final transient BoundedOutput output;
  private transient volatile Logger delegate;

  JobLogger(String scheduleName, BoundedOutput output) {
    this.output = output;
    this.name = "io.pipelinescheduler.job." + scheduleName;
  }

  /**
   * The application's logger of this name, looked up on first use: creating one logger per schedule
   * up front costs a logging backend dearly with many schedules, and most jobs never log.
   */
  private Logger delegate() {
    Logger logger = delegate;
    if (logger == null) {
      logger = LoggerFactory.getLogger(name);
      delegate = logger;
    }
    return logger;
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] args, Throwable error) {
    String message = MessageFormatter.basicArrayFormat(pattern, args);
    var event = delegate().atLevel(level).setMessage(message);
    if (marker != null) {
      event = event.addMarker(marker);
    }
    if (error != null) {
      event = event.setCause(error);
    }
    event.log();
    StringBuilder line = new StringBuilder(level.name()).append(' ').append(message).append('\n');
    if (error != null) {
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      line.append(trace);
    }
    output.append(line.toString());
  }

  @Override
  public boolean isTraceEnabled() {
    return delegate().isTraceEnabled();
  }

  @Override
  public boolean isTraceEnabled(Marker marker) {
    return delegate().isTraceEnabled(marker);
  }

  @Override
  public boolean isDebugEnabled() {
    return delegate().isDebugEnabled();
  }

  @Override
  public boolean isDebugEnabled(Marker marker) {
    return delegate().isDebugEnabled(marker);
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isInfoEnabled(Marker marker) {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled(Marker marker) {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled(Marker marker) {
    return true;
  }
}
