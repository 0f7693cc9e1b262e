package io.pipelinescheduler.http.internal;

import io.pipelinescheduler.spi.Secrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks what looks like a secret in a schedule definition before it is shown: the value of an
 * environment variable or job-type parameter whose name says secret (password, token, key,
 * credential, ...), the value of such an argument ({@code --password=x}, or the argument after
 * {@code --token}), and a password in a URL's user info ({@code postgres://app:pw@db}) or query
 * ({@code ?password=}), the last two with {@link Secrets#maskUrl}, as the core masks URLs in logs.
 * Stateless.
 */
final class SecretMask {
  /** What a secret is replaced with. */
  static final String MASK = Secrets.MASK;

  private static final String WORDS =
      "PASSWORD|PASSWD|PASSPHRASE|PWD|SECRET|TOKEN|KEY|CREDENTIAL|AUTH|PRIVATE|COOKIE|SESSION"
          + "|SIGNATURE|SALT";
  private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(" + WORDS + ").*");
  private static final Pattern SECRET_ASSIGNMENT =
      Pattern.compile("(?i)^(-{0,2}[\\w.-]*(?:" + WORDS + ")[\\w.-]*=).+$");
  private static final Pattern SECRET_FLAG =
      Pattern.compile("(?i)^-{1,2}[\\w.-]*(?:" + WORDS + ")[\\w.-]*$");

  private SecretMask() {}

  /** A masked copy of a definition in the export format; the argument is not changed. */
  static Map<String, Object> definition(Map<String, Object> definition) {
    Map<String, Object> copy = new LinkedHashMap<>(definition);
    if (copy.get("job") instanceof Map<?, ?> job) {
      copy.put("job", job(job));
    }
    return copy;
  }

  private static Map<String, Object> job(Map<?, ?> job) {
    Map<String, Object> copy = stringKeys(job);
    if (copy.get("environment") instanceof Map<?, ?> environment) {
      copy.put("environment", byName(environment));
    }
    if (copy.get("arguments") instanceof List<?> arguments) {
      copy.put("arguments", arguments(arguments));
    }
    if (copy.get("workingDirectory") instanceof String directory) {
      copy.put("workingDirectory", url(directory));
    }
    if (copy.get("params") instanceof Map<?, ?> params) {
      copy.put("params", byName(params));
    }
    if (copy.get("steps") instanceof List<?> steps) {
      List<Object> masked = new ArrayList<>();
      for (Object step : steps) {
        if (step instanceof Map<?, ?> stepMap && stepMap.get("job") instanceof Map<?, ?> stepJob) {
          Map<String, Object> stepCopy = stringKeys(stepMap);
          stepCopy.put("job", job(stepJob));
          masked.add(stepCopy);
        } else {
          masked.add(step);
        }
      }
      copy.put("steps", masked);
    }
    return copy;
  }

  /** Values under secret-looking names masked, at any depth; other texts have URLs masked. */
  private static Map<String, Object> byName(Map<?, ?> values) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach(
        (key, value) -> {
          String name = String.valueOf(key);
          copy.put(name, SECRET_NAME.matcher(name).matches() && value != null ? MASK : any(value));
        });
    return copy;
  }

  private static Object any(Object value) {
    if (value instanceof Map<?, ?> map) {
      return byName(map);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(SecretMask::any).toList();
    }
    if (value instanceof String text) {
      return url(text);
    }
    return value;
  }

  private static List<Object> arguments(List<?> arguments) {
    List<Object> masked = new ArrayList<>();
    boolean nextIsSecret = false;
    for (Object argument : arguments) {
      if (!(argument instanceof String text)) {
        masked.add(argument);
        nextIsSecret = false;
        continue;
      }
      if (nextIsSecret) {
        masked.add(MASK);
        nextIsSecret = false;
        continue;
      }
      var assignment = SECRET_ASSIGNMENT.matcher(text);
      if (assignment.matches()) {
        masked.add(assignment.group(1) + MASK);
      } else {
        masked.add(url(text));
        nextIsSecret = SECRET_FLAG.matcher(text).matches();
      }
    }
    return masked;
  }

  private static String url(String text) {
    return Secrets.maskUrl(text);
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return copy;
  }
}
