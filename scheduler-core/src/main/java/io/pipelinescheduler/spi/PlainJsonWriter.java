package io.pipelinescheduler.spi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a definition made of the common JSON types (maps with string keys, lists, strings, {@code
 * Integer}, {@code Long}, {@code Double}, {@code Boolean} and null) straight to Jackson's
 * generator, as Jackson's mapper would write it, without the mapper's serializer lookup for every
 * value: every stored definition is written this way, so its cost is a good part of registering
 * one. Any other type makes it give up (null), and the caller lets the mapper write the definition
 * (or names what is not JSON).
 */
final class PlainJsonWriter {
  private final JsonFactory factory;

  PlainJsonWriter(JsonFactory factory) {
    this.factory = factory;
  }

  /** The compact JSON of {@code map}; null when it holds a value of another type. */
  String write(Map<String, Object> map) {
    // As Jackson's ObjectMapper.writeValueAsString: its recycled buffers, not new ones each time.
    BufferRecycler buffers = factory._getBufferRecycler();
    try (SegmentedStringWriter text = new SegmentedStringWriter(buffers)) {
      try (JsonGenerator generator = factory.createGenerator(text)) {
        if (!value(generator, map)) {
          return null;
        }
      }
      return text.getAndClear();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does not fail
    } finally {
      buffers.releaseToPool();
    }
  }

  private static boolean value(JsonGenerator generator, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof String string) {
      generator.writeString(string);
    } else if (value instanceof Integer number) {
      generator.writeNumber(number);
    } else if (value instanceof Long number) {
      generator.writeNumber(number);
    } else if (value instanceof Double number) {
      generator.writeNumber(number);
    } else if (value instanceof Boolean bool) {
      generator.writeBoolean(bool);
    } else if (value instanceof Map<?, ?> map) {
      return object(generator, map);
    } else if (value instanceof List<?> list) {
      return array(generator, list);
    } else {
      return false;
    }
    return true;
  }

  private static boolean object(JsonGenerator generator, Map<?, ?> map) throws IOException {
    generator.writeStartObject();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        return false;
      }
      generator.writeFieldName(key);
      if (!value(generator, entry.getValue())) {
        return false;
      }
    }
    generator.writeEndObject();
    return true;
  }

  private static boolean array(JsonGenerator generator, List<?> list) throws IOException {
    generator.writeStartArray();
    for (Object item : list) {
      if (!value(generator, item)) {
        return false;
      }
    }
    generator.writeEndArray();
    return true;
  }
}
