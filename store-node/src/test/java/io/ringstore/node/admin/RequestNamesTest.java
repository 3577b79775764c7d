package io.ringstore.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.ReplicaPutRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestNamesTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "GetRequest, get",
    "ReplicaPutRequest, replica_put",
    "GossipSyn, gossip_syn",
    "GossipAck2, gossip_ack2",
    "ClusterStateRequest, cluster_state",
    "Ping, ping",
    "Request, request",
  })
  void aMessageClassIsNamedInSnakeCaseWithoutItsRequestSuffix(String simpleName, String name) {
    assertThat(RequestNames.nameOf(simpleName)).isEqualTo(name).doesNotContain(".");
  }

  @Test
  void onlyClientReadsAndWritesCarryAConsistencyLevel() {
    assertThat(RequestNames.hasLevel(GetRequest.class)).isTrue();
    assertThat(RequestNames.hasLevel(ReplicaPutRequest.class)).isFalse();
    assertThat(
            RequestNames.label(
                RequestNames.levelOf(new GetRequest(new byte[] {1}, Consistency.quorum(), 0))))
        .isEqualTo("quorum");
    assertThat(RequestNames.label(RequestNames.levelOf(new Ping(0))))
        .isEqualTo(RequestNames.NO_CONSISTENCY);
  }
}
