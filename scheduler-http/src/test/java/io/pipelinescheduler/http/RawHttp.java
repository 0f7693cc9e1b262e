package io.pipelinescheduler.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on a {@link Socket}, so that a test sends exactly the headers an
 * attacker's browser or a misbehaving client would (a foreign {@code Host}, any {@code Origin}),
 * which {@code java.net.http.HttpClient} does not allow.
 */
final class RawHttp {
  private RawHttp() {}

  /** One answer: status, headers (names lower-cased) and body. */
  record Answer(int status, Map<String, String> headers, String body) {
    JsonNode json() {
      try {
        return TestServer.JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    String error() {
      return json().path("error").asText(null);
    }
  }

  /**
   * Sends {@code method path} with these headers (each "Name: value") and body to 127.0.0.1:port,
   * with {@code Connection: close}, and reads the whole answer.
   */
  static Answer send(int port, String method, String path, String body, String... headers) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(30_000);
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder request = new StringBuilder();
      request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      for (String header : headers) {
        request.append(header).append("\r\n");
      }
      request.append("Content-Length: ").append(content.length).append("\r\n");
      request.append("Connection: close\r\n\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().write(content);
      socket.getOutputStream().flush();
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Answer parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no complete HTTP answer: '" + text + "'");
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
          lines[i].substring(colon + 1).strip());
    }
    return new Answer(status, headers, text.substring(end + 4));
  }

  /** Reads until the server closes the connection; true when it did (end of stream or reset). */
  static boolean readUntilClosed(InputStream in) {
    ByteArrayOutputStream ignored = new ByteArrayOutputStream();
    byte[] buffer = new byte[1024];
    try {
      int read;
      while ((read = in.read(buffer)) != -1) {
        ignored.write(buffer, 0, read);
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // a reset is the server closing too
    }
  }
}
