package io.ringstore.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bite proofs' lossy link loses exactly every nth request and passes the rest unchanged. */
class LosesEveryNthTest {
  private static final ResponseHandler IGNORED =
      new ResponseHandler() {
        @Override
        public void onResponse(Response response) {}

        @Override
        public void onFailure(Throwable cause) {}
      };

  @Test
  void everyFifthRequestVanishesTheOthersPass() {
    List<Long> passed = new ArrayList<>();
    var link =
        LosesEveryNth.fifth((to, request, handler) -> passed.add(((Ping) request).sentNanos()));

    for (long i = 1; i <= 12; i++) {
      link.send(NodeId.of("node-1"), new Ping(i), IGNORED);
    }

    assertThat(passed).containsExactly(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 11L, 12L);
  }
}
