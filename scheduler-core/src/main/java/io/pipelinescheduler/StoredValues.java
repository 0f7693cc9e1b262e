package io.pipelinescheduler;

import io.pipelinescheduler.internal.config.Names;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads from a stored, JSON-compatible map, with errors that name the schedule, the field and
 * the value.
 */
final class StoredValues {
  private final String scheduleName;
  private final String path;
  private final Map<String, Object> values;

  StoredValues(String scheduleName, String path, Map<String, Object> values) {
    this.scheduleName = scheduleName;
    this.path = path;
    this.values = values;
  }

  boolean has(String key) {
    return values.get(key) != null;
  }

  String text(String key) {
    Object value = values.get(key);
    if (!(value instanceof String text)) {
      throw invalid(key, value, "a string");
    }
    return text;
  }

  String optionalText(String key) {
    return has(key) ? text(key) : null;
  }

  /** A whole number that fits an {@code int}; a fraction or a larger number is refused. */
  int integer(String key) {
    Object value = values.get(key);
    Integer number = toInt(value);
    if (number == null) {
      throw invalid(key, value, value instanceof Number ? WHOLE_NUMBER : "a whole number");
    }
    return number;
  }

  /** A list of whole numbers that each fit an {@code int}. */
  int[] integers(String key) {
    List<?> list = list(key);
    int[] numbers = new int[list.size()];
    for (int i = 0; i < numbers.length; i++) {
      Integer number = toInt(list.get(i));
      if (number == null) {
        throw invalid(key, list.get(i), "a list of whole numbers, each " + WHOLE_NUMBER);
      }
      numbers[i] = number;
    }
    return numbers;
  }

  private static final String WHOLE_NUMBER =
      "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;

  private static Integer toInt(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).intValue();
    }
    if (!(value instanceof Number number)) {
      return null;
    }
    try {
      return new BigDecimal(number.toString()).intValueExact();
    } catch (NumberFormatException | ArithmeticException notAnInt) {
      return null; // a fraction, too large, NaN or infinite
    }
  }

  boolean bool(String key) {
    Object value = values.get(key);
    if (!(value instanceof Boolean flag)) {
      throw invalid(key, value, "true or false");
    }
    return flag;
  }

  List<?> list(String key) {
    Object value = values.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw invalid(key, value, "a list");
    }
    return list;
  }

  /** A list of strings; any other element is refused. */
  List<String> texts(String key) {
    List<?> list = list(key);
    for (Object item : list) {
      if (!(item instanceof String)) {
        throw invalid(key, item, "a list of strings");
      }
    }
    return list.stream().map(String.class::cast).toList();
  }

  StoredValues map(String key) {
    Object value = values.get(key);
    if (!(value instanceof Map<?, ?> map)) {
      throw invalid(key, value, "an object");
    }
    return new StoredValues(scheduleName, path + key + ".", copy(map));
  }

  List<StoredValues> maps(String key) {
    List<?> list = list(key);
    return list.stream()
        .map(
            item -> {
              if (!(item instanceof Map<?, ?> map)) {
                throw invalid(key, item, "a list of objects");
              }
              return new StoredValues(scheduleName, path + key + "[].", copy(map));
            })
        .toList();
  }

  /** An ISO-8601 duration such as {@code PT10M}. */
  java.time.Duration duration(String key) {
    String text = text(key);
    try {
      return java.time.Duration.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw invalid(key, text, "an ISO-8601 duration, e.g. PT10M or PT30S");
    }
  }

  /**
   * The {@code index}th object of the list {@code key}, its errors naming it as {@code key[label]}
   * (e.g. {@code job.steps['extract'].timeout}).
   */
  StoredValues element(String key, int index, String label) {
    Object item = list(key).get(index);
    if (!(item instanceof Map<?, ?> map)) {
      throw invalid(key, item, "a list of objects");
    }
    return new StoredValues(scheduleName, path + key + "[" + label + "].", copy(map));
  }

  Map<String, String> textMap(String key) {
    Map<String, String> result = new LinkedHashMap<>();
    if (has(key)) {
      map(key).values.forEach((k, v) -> result.put(k, String.valueOf(v)));
    }
    return result;
  }

  Map<String, Object> raw(String key) {
    return has(key) ? map(key).values : Map.of();
  }

  InvalidScheduleException invalid(String key, Object value, String expected) {
    return new InvalidScheduleException(
        scheduleName,
        "stored definition field '"
            + path
            + key
            + "' has "
            + describe(value)
            + "; expected "
            + expected);
  }

  private static String describe(Object value) {
    return value == null ? "nothing" : "'" + Names.show(String.valueOf(value)) + "'";
  }

  private static Map<String, Object> copy(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return copy;
  }
}
