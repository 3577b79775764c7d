package io.ringstore.core.net;

import io.ringstore.core.wire.Response;

/** Hears the outcome of one request sent through a {@link Transport}; called at most once. */
public interface ResponseHandler {
  /** The destination answered. */
  void onResponse(Response response);

  /** The transport knows the request failed (connection refused or broken, frame too large). */
  void onFailure(Throwable cause);
}
