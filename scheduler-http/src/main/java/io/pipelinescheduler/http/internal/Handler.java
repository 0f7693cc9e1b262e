package io.pipelinescheduler.http.internal;

import java.io.IOException;

/** Answers one route and method. */
@FunctionalInterface
public interface Handler {
  /** The response; an {@link ApiException} for an error answer. */
  Response handle(Request request) throws IOException;
}
