package io.pipelinescheduler.persistence.internal;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;

/** Maps {@link Instant} attributes to BIGINT microseconds since the epoch. */
@Converter
public class InstantMicrosConverter implements AttributeConverter<Instant, Long> {
  /** Needed by JPA. */
  public InstantMicrosConverter() {}

  @Override
  public Long convertToDatabaseColumn(Instant attribute) {
    return Micros.of(attribute);
  }

  @Override
  public Instant convertToEntityAttribute(Long column) {
    return Micros.toInstant(column);
  }
}
