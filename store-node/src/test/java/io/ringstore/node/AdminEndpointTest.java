package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.NodeInfoRequest;
import io.ringstore.core.wire.NodeInfoResponse;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.PutResponse;
import io.ringstore.core.wire.QuorumFailedResponse;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin endpoint of a real node (three in one JVM): health, the ring, and metrics that count
 * exactly the requests the test sends to one node, by type, consistency and failure; the same
 * metrics as MBeans; and what the node says of itself when asked for its info.
 */
class AdminEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;

  private InProcessCluster cluster;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    cluster = InProcessCluster.start(directory);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private URI uri(String path) {
    NodeAssembly node = cluster.node(0);
    return URI.create("http://" + node.self().host() + ":" + node.adminPort() + path);
  }

  private double metric(String series) throws Exception {
    return MetricsText.value(get("/metrics").body(), series).orElse(0);
  }

  @Test
  void healthSaysTheNodeServesOnceItOwnsItsTokens() throws Exception {
    HttpResponse<String> health = get("/health");

    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(health.body());
    assertThat(body.get("ready").asBoolean()).isTrue();
    assertThat(body.get("state").asText()).isEqualTo("serving");
  }

  @Test
  void ringListsEveryMemberWithItsShare() throws Exception {
    HttpResponse<String> ring = get("/ring");

    assertThat(ring.statusCode()).isEqualTo(200);
    assertThat(ring.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode members = JSON.readTree(ring.body()).get("members");
    assertThat(members).hasSize(InProcessCluster.NODES);
    double owned = 0;
    for (JsonNode member : members) {
      owned += member.get("owns").asDouble();
    }
    assertThat(owned).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void metricsCountTheRequestsTheNodeServesByTypeAndConsistency() throws Exception {
    Member node = cluster.node(0).self();
    String quorumPuts = "ringstore_requests_count{consistency=\"quorum\",type=\"put\"}";
    String oneGets = "ringstore_requests_count{consistency=\"one\",type=\"get\"}";
    double putsBefore = metric(quorumPuts);
    double getsBefore = metric(oneGets);

    try (DirectCaller direct = new DirectCaller()) {
      for (int i = 0; i < 5; i++) {
        byte[] key = ("counted-" + i).getBytes(StandardCharsets.UTF_8);
        assertThat(
                direct.call(
                    node, new PutRequest(key, key, VectorClock.empty(), Consistency.quorum(), 0)))
            .isInstanceOf(PutResponse.class);
      }
      for (int i = 0; i < 3; i++) {
        byte[] key = ("counted-" + i).getBytes(StandardCharsets.UTF_8);
        assertThat(direct.call(node, new GetRequest(key, Consistency.one(), 0)))
            .isInstanceOf(GetResponse.class);
      }
    }

    assertThat(metric(quorumPuts)).isEqualTo(putsBefore + 5);
    assertThat(metric(oneGets)).isEqualTo(getsBefore + 3);
    assertThat(metric("ringstore_requests_in_flight")).isZero();
    assertThat(metric("ringstore_peers{state=\"up\"}")).isEqualTo(InProcessCluster.NODES - 1);
    assertThat(metric("ringstore_storage_live_keys")).isGreaterThanOrEqualTo(5);
  }

  @Test
  void aMissedQuorumIsCountedAsAFailureOfItsType() throws Exception {
    cluster.silence(2);
    String failures = "ringstore_requests_failed_total{reason=\"quorum_failed\",type=\"put\"}";
    double before = metric(failures);
    byte[] key = "missed".getBytes(StandardCharsets.UTF_8);

    try (DirectCaller direct = new DirectCaller()) {
      assertThat(
              direct.call(
                  cluster.node(0).self(),
                  new PutRequest(key, key, VectorClock.empty(), Consistency.all(), 300)))
          .isInstanceOf(QuorumFailedResponse.class);
    }

    assertThat(metric(failures)).isEqualTo(before + 1);
    // Sent to the two other replicas (its own is a method call): one answered, one still waits.
    assertThat(metric("ringstore_peer_requests_count{consistency=\"none\",type=\"replica_put\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(metric("ringstore_peer_requests_in_flight")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void infoTellsWhoTheNodeIsHowItStandsAndWhatItServed() throws Exception {
    Member node = cluster.node(0).self();
    NodeInfoResponse info;
    try (DirectCaller direct = new DirectCaller()) {
      byte[] key = "informed".getBytes(StandardCharsets.UTF_8);
      direct.call(node, new PutRequest(key, key, VectorClock.empty(), Consistency.quorum(), 0));
      info = (NodeInfoResponse) direct.call(node, new NodeInfoRequest());
    }

    assertThat(info.valueOf("node")).isEqualTo(node.id().value());
    assertThat(info.valueOf("address")).isEqualTo(node.host() + ":" + node.port());
    assertThat(info.valueOf("admin")).endsWith(":" + cluster.node(0).adminPort() + "/");
    assertThat(info.valueOf("status")).isEqualTo("NORMAL");
    assertThat(info.valueOf("health")).isEqualTo("serving");
    assertThat(info.valueOf("ring_members")).isEqualTo(String.valueOf(InProcessCluster.NODES));
    assertThat(Long.parseLong(info.valueOf("requests_served"))).isPositive();
    assertThat(Long.parseLong(info.valueOf("storage_live_keys"))).isPositive();
    assertThat(info.valueOf("peers_up")).isEqualTo(String.valueOf(InProcessCluster.NODES - 1));
  }

  @Test
  void everyMetricIsAlsoAnMBeanNamedByItsNode() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    String node = cluster.node(0).id().value();

    Set<ObjectName> names =
        server.queryNames(new ObjectName("ringstore:node=" + node + ",*"), null);

    ObjectName connections =
        new ObjectName("ringstore:node=" + node + ",name=ringstore.connections,type=gauges");
    assertThat(names).contains(connections);
    assertThat((Integer) server.getAttribute(connections, "Value")).isPositive();
  }

  @Test
  void unknownPathsAndOtherMethodsAreRefusedWithWhatIsServed() throws Exception {
    HttpResponse<String> unknown = get("/nothing-here");
    HttpResponse<String> post =
        send(HttpRequest.newBuilder(uri("/metrics")).POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("/metrics", "/health", "/ring");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }
}
