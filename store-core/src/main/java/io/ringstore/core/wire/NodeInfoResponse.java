package io.ringstore.core.wire;

import java.util.List;
import java.util.Objects;

/**
 * What a node says about itself, as named fields in the order it chose ({@code node}, {@code
 * version}, {@code uptime_seconds}, {@code live_keys}, ...). Names are snake case; values are text,
 * numbers written as plain integers. The node decides which fields it has: a client shows them all
 * and relies on none being present, so that fields can be added without a new message.
 *
 * @param fields at most {@link WireLimits#INFO_FIELDS_MAX}, names and values within their limits
 */
public record NodeInfoResponse(List<Field> fields) implements Response {
  /** A node that tells nothing about itself (a test's fixed ring). */
  public static final NodeInfoResponse NONE = new NodeInfoResponse(List.of());

  /** Copies the list and checks its size. */
  public NodeInfoResponse {
    fields = MessageChecks.bounded(fields, WireLimits.INFO_FIELDS_MAX, "info fields");
  }

  /** The value of the field called {@code name}, or null. */
  public String valueOf(String name) {
    for (Field field : fields) {
      if (field.name().equals(name)) {
        return field.value();
      }
    }
    return null;
  }

  /**
   * One named value.
   *
   * @param name at most {@link WireLimits#INFO_NAME_CHARS_MAX} characters
   * @param value at most {@link WireLimits#INFO_VALUE_CHARS_MAX} characters
   */
  public record Field(String name, String value) {
    /** Checks both against their limits. */
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isEmpty() || name.length() > WireLimits.INFO_NAME_CHARS_MAX) {
        throw new IllegalArgumentException(
            "info field name must be 1 to " + WireLimits.INFO_NAME_CHARS_MAX + " characters");
      }
      if (value.length() > WireLimits.INFO_VALUE_CHARS_MAX) {
        throw new IllegalArgumentException(
            "info field " + name + " is longer than " + WireLimits.INFO_VALUE_CHARS_MAX);
      }
    }
  }
}
