package io.ringstore.core.net;

import io.ringstore.core.wire.Response;

/** Hears the outcome of one request sent through a {@link Transport}; called at most once. */
public interface ResponseHandler {
  /**
   * Hears nothing: for one-way sends whose outcome nothing waits for (gossip's last leg, repairs).
   */
  ResponseHandler IGNORED =
      new ResponseHandler() {
        @Override
        public void onResponse(Response response) {}

        @Override
        public void onFailure(Throwable cause) {}
      };

  /** The destination answered. */
  void onResponse(Response response);

  /** The transport knows the request failed (connection refused or broken, frame too large). */
  void onFailure(Throwable cause);
}
