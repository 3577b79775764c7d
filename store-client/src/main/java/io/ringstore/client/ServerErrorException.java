package io.ringstore.client;

import io.ringstore.core.wire.ErrorCode;

/** A node refused or failed the request and said why; {@link #code()} classifies it. */
public final class ServerErrorException extends RingstoreException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  ServerErrorException(String node, ErrorCode code, String serverMessage) {
    super(node + " answered " + code + ": " + serverMessage);
    this.code = code;
  }

  /** What kind of error the node reported. */
  public ErrorCode code() {
    return code;
  }
}
