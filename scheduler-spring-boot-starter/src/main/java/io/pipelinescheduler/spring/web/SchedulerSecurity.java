package io.pipelinescheduler.spring.web;

import io.pipelinescheduler.http.SchedulerHttpApi;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The starter's Spring Security filter chain for the mount point. Reads ({@code GET}, {@code HEAD})
 * need the viewer or the operator role, everything else the operator role. Users sign in with HTTP
 * Basic (API clients; browsers ask for name and password), or are already signed in through the
 * application's own session login, which this chain reads from the session as the application's
 * chains do. Refusals are the API's JSON errors: 401 with a Basic challenge, 403 naming the role.
 *
 * <p>Spring's CSRF token is off for the path: the API itself refuses a browser's cross-origin
 * {@code POST} and {@code DELETE} (its {@code Origin} must be the {@code Host} called), which stops
 * cross-site requests riding on a session or on a browser's remembered Basic credentials, and API
 * clients need no CSRF token. Stateless.
 */
final class SchedulerSecurity {
  private SchedulerSecurity() {}

  /** The chain for {@code path} (e.g. {@code /scheduler}) and everything below it. */
  static SecurityFilterChain chain(HttpSecurity http, String path, String viewer, String operator)
      throws Exception {
    String below = path + "/**";
    AuthenticationEntryPoint login =
        (request, response, e) ->
            send(
                response,
                SchedulerHttpApi.errorReply(
                    401,
                    "sign in: this call needs a user with role "
                        + needed(request, viewer, operator),
                    Map.of("WWW-Authenticate", "Basic realm=\"pipeline-scheduler\"")));
    AccessDeniedHandler denied =
        (request, response, e) ->
            send(
                response,
                SchedulerHttpApi.errorReply(
                    403,
                    request.getMethod()
                        + " "
                        + request.getRequestURI()
                        + " needs role "
                        + needed(request, viewer, operator),
                    Map.of()));
    return http.securityMatcher(path, below)
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(HttpMethod.GET, path, below)
                    .hasAnyRole(viewer, operator)
                    .requestMatchers(HttpMethod.HEAD, path, below)
                    .hasAnyRole(viewer, operator)
                    .anyRequest()
                    .hasRole(operator))
        .httpBasic(basic -> basic.authenticationEntryPoint(login))
        .exceptionHandling(
            exceptions -> exceptions.authenticationEntryPoint(login).accessDeniedHandler(denied))
        .csrf(csrf -> csrf.disable()) // the API's Origin check stops cross-site changes
        .build();
  }

  /**
   * A role property, checked: a name without the {@code ROLE_} prefix (Spring adds it).
   *
   * @throws IllegalArgumentException naming the property and the value
   */
  static String role(String property, String value) {
    if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
      throw PipelineSchedulerHttpAutoConfiguration.invalid(
          property, value, "give a role name such as SCHEDULER_OPERATOR");
    }
    if (value.startsWith("ROLE_")) {
      throw PipelineSchedulerHttpAutoConfiguration.invalid(
          property, value, "give the role without the ROLE_ prefix, which Spring adds");
    }
    return value;
  }

  private static String needed(HttpServletRequest request, String viewer, String operator) {
    String method = request.getMethod();
    return "GET".equals(method) || "HEAD".equals(method) ? viewer + " or " + operator : operator;
  }

  private static void send(HttpServletResponse response, SchedulerHttpApi.Reply reply)
      throws IOException {
    response.setStatus(reply.status());
    reply.headers().forEach(response::setHeader);
    response.setContentLength(reply.body().length);
    response.getOutputStream().write(reply.body());
  }
}
