package io.ringstore.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.ringstore.client.netty.Endpoint;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router learns ring changes from the epochs on responses, one fetch per change. */
class RingRouterTest {
  private static final Ring RING =
      Ring.of(RingConfig.defaults(), List.of(Member.of("a", "127.0.0.1", 7001))).withEpoch(3);
  private static final Endpoint NODE = new Endpoint("a", "127.0.0.1", 7001);

  private final DefaultEventExecutorGroup timers = new DefaultEventExecutorGroup(1);
  private final List<CompletableFuture<Ring>> seedFetches = new ArrayList<>();
  private final List<Endpoint> nodeFetches = new ArrayList<>();
  private final List<CompletableFuture<Ring>> pendingNodeFetches = new ArrayList<>();
  private RingRouter router;

  @BeforeEach
  void learnTheFirstRing() {
    router =
        new RingRouter(
            () -> {
              CompletableFuture<Ring> fetch = new CompletableFuture<>();
              seedFetches.add(fetch);
              return fetch;
            },
            node -> {
              nodeFetches.add(node);
              CompletableFuture<Ring> fetch = new CompletableFuture<>();
              pendingNodeFetches.add(fetch);
              return fetch;
            },
            timers,
            TimeUnit.HOURS.toMillis(1));
    CompletableFuture<Ring> first = router.refresh();
    seedFetches.get(0).complete(RING);
    assertThat(first.join().epoch()).isEqualTo(3);
  }

  @AfterEach
  void stop() {
    router.close();
    timers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void theCurrentOrAnOlderEpochFetchesNothing() {
    router.observed(3, NODE);
    router.observed(2, NODE);
    router.observed(ResponseMapping.NO_RING_EPOCH, NODE);

    assertThat(nodeFetches).isEmpty();
  }

  @Test
  void aNewerEpochFetchesTheRingOnceFromTheNodeThatNamedIt() {
    for (int i = 0; i < 100; i++) {
      router.observed(5, NODE);
    }
    router.observed(6, NODE);
    assertThat(nodeFetches).as("one fetch while it runs").containsExactly(NODE);

    pendingNodeFetches.get(0).complete(RING.withEpoch(6));

    assertThat(router.ring().join().epoch()).isEqualTo(6);
    router.observed(5, NODE);
    router.observed(6, NODE);
    assertThat(nodeFetches).hasSize(1);
  }

  @Test
  void aRingOlderThanAnnouncedIsNotFetchedAgainForTheSameEpoch() {
    router.observed(5, NODE);
    pendingNodeFetches.get(0).complete(RING.withEpoch(4));

    for (int i = 0; i < 100; i++) {
      router.observed(5, NODE);
    }

    assertThat(router.ring().join().epoch()).isEqualTo(4);
    assertThat(nodeFetches).hasSize(1);
    router.observed(7, NODE);
    assertThat(nodeFetches).as("a newer epoch still fetches").hasSize(2);
  }

  @Test
  void aFailedFetchLetsTheNextResponseTryAgain() {
    router.observed(5, NODE);
    pendingNodeFetches.get(0).completeExceptionally(new RingstoreException("node gone"));

    router.observed(5, NODE);

    assertThat(nodeFetches).hasSize(2);
    assertThat(router.ring().join().epoch()).isEqualTo(3);
  }
}
