package io.ringstore.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.Pong;
import io.ringstore.core.wire.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Exactly one outcome per request: the first of answer, failure and deadline. */
class TimedRequestTest {
  private static final NodeId PEER = NodeId.of("peer");
  private static final long TIMEOUT_MILLIS = 100;

  private final ManualClock clock = new ManualClock(0);
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<ResponseHandler> held = new ArrayList<>();
  private final List<String> heard = new ArrayList<>();

  private void send() {
    TimedRequest.send(
        (destination, request, handler) -> held.add(handler),
        scheduler,
        PEER,
        new Ping(1),
        TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS),
        new TimedRequest.Outcome() {
          @Override
          public void onResponse(Response response) {
            heard.add("answer " + response);
          }

          @Override
          public void onFailure(Throwable cause) {
            heard.add("failure " + cause.getMessage());
          }

          @Override
          public void onTimeout() {
            heard.add("timeout");
          }
        });
  }

  @Test
  void anAnswerInTimeIsHeardAndCancelsTheDeadline() {
    send();
    held.get(0).onResponse(new Pong(1));

    assertThat(scheduler.pending()).isZero();
    scheduler.advance(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    assertThat(heard).containsExactly("answer " + new Pong(1));
  }

  @Test
  void theDeadlineWinsOverALateAnswerAndALateFailure() {
    send();
    scheduler.advance(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    held.get(0).onResponse(new Pong(1));
    held.get(0).onFailure(new IllegalStateException("late"));

    assertThat(heard).containsExactly("timeout");
  }

  @Test
  void aFailureIsHeardOnceAndCancelsTheDeadline() {
    send();
    held.get(0).onFailure(new IllegalStateException("refused"));
    held.get(0).onResponse(new Pong(1));

    assertThat(scheduler.pending()).isZero();
    assertThat(heard).containsExactly("failure refused");
  }
}
