package io.pipelinescheduler.persistence.internal;

import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;

/**
 * The JSON and XML format mapper of the store's Hibernate: the entities have no JSON or XML
 * attributes (a schedule's definition is text the store writes itself), so none is needed, and
 * naming this one keeps Hibernate from setting up Jackson or JAXB at boot when they are on the
 * class path. Stateless.
 */
final class NoFormatMapper implements FormatMapper {
  @Override
  public <T> T fromString(CharSequence text, JavaType<T> type, WrapperOptions options) {
    throw unsupported();
  }

  @Override
  public <T> String toString(T value, JavaType<T> type, WrapperOptions options) {
    throw unsupported();
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException(
        "the pipeline-scheduler store maps no JSON or XML attributes");
  }
}
