package io.ringstore.core.net;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request with a deadline on the injected scheduler: its {@link Outcome} hears exactly one of
 * the answer, the transport's failure or the deadline, whichever comes first; what comes after is
 * ignored, and an answer or a failure cancels the deadline's timer. A {@link Transport} promises
 * nothing about delivery, so every wait for an answer is bounded this way.
 */
public final class TimedRequest {
  /** What one request comes to; called once, on whichever thread settled it. */
  public interface Outcome extends ResponseHandler {
    /** No answer and no failure within the deadline. */
    void onTimeout();
  }

  private TimedRequest() {}

  /** Sends {@code request} to {@code destination}; {@code outcome} hears how it ended. */
  public static void send(
      Transport transport,
      Scheduler scheduler,
      NodeId destination,
      Request request,
      long timeoutNanos,
      Outcome outcome) {
    AtomicBoolean settled = new AtomicBoolean();
    Scheduler.Cancellable deadline =
        scheduler.schedule(
            timeoutNanos,
            () -> {
              if (settled.compareAndSet(false, true)) {
                outcome.onTimeout();
              }
            });
    transport.send(
        destination,
        request,
        new ResponseHandler() {
          @Override
          public void onResponse(Response response) {
            if (settled.compareAndSet(false, true)) {
              deadline.cancel();
              outcome.onResponse(response);
            }
          }

          @Override
          public void onFailure(Throwable cause) {
            if (settled.compareAndSet(false, true)) {
              deadline.cancel();
              outcome.onFailure(cause);
            }
          }
        });
  }
}
