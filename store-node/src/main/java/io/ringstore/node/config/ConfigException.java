package io.ringstore.node.config;

/**
 * A configuration the node refuses to start with. The message names the field, where its value came
 * from (file, environment variable or flag), what is wrong, and what to write instead.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
