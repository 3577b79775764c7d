package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.PutResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, which {@code .ci/run} installs)
 * scrapes a node's admin endpoint on loopback every second; the test counts its own writes through
 * Prometheus's HTTP query API, and {@code promtool check metrics} accepts the page.
 */
class PrometheusScrapeTest {
  static final int WRITES = 20;
  static final long SCRAPED_WITHIN_MILLIS = 60_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;

  private InProcessCluster cluster;
  private Process prometheus;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    cluster = InProcessCluster.start(directory.resolve("cluster"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    cluster.close();
  }

  @Test
  void prometheusScrapesTheNodeAndCountsEveryWrite() throws Exception {
    NodeAssembly node = cluster.node(0);
    String target = node.self().host() + ":" + node.adminPort();
    int prometheusPort = freeLoopbackPort();
    prometheus = startPrometheus(target, prometheusPort);

    try (DirectCaller direct = new DirectCaller()) {
      for (int i = 0; i < WRITES; i++) {
        byte[] key = ("scraped-" + i).getBytes(StandardCharsets.UTF_8);
        assertThat(direct.call(node.self(), put(key))).isInstanceOf(PutResponse.class);
      }
    }

    String query = "sum(ringstore_requests_count{job=\"ringstore\",type=\"put\"})";
    Await.until(
        "Prometheus to report " + WRITES + " puts for " + query,
        SCRAPED_WITHIN_MILLIS,
        () -> queryValue(prometheusPort, query) == WRITES);
  }

  @Test
  void promtoolAcceptsTheMetricsPage() throws Exception {
    NodeAssembly node = cluster.node(0);
    try (DirectCaller direct = new DirectCaller()) {
      Member self = node.self();
      byte[] key = "linted".getBytes(StandardCharsets.UTF_8);
      assertThat(direct.call(self, put(key))).isInstanceOf(PutResponse.class);
    }
    String page = get(URI.create("http://127.0.0.1:" + node.adminPort() + "/metrics")).body();
    assertThat(page).contains("ringstore_requests_count{consistency=\"quorum\",type=\"put\"} 1");

    Process promtool =
        new ProcessBuilder(command("promtool"), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    promtool.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    promtool.getOutputStream().close();
    String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(promtool.exitValue()).as("promtool check metrics said: %s", verdict).isZero();
  }

  private static PutRequest put(byte[] key) {
    return new PutRequest(key, key, VectorClock.empty(), Consistency.quorum(), 0);
  }

  private Process startPrometheus(String target, int port) throws IOException {
    Path config = directory.resolve("prometheus.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "  scrape_timeout: 900ms",
            "scrape_configs:",
            "  - job_name: ringstore",
            "    static_configs:",
            "      - targets: ['" + target + "']",
            ""));
    return new ProcessBuilder(
            command("prometheus"),
            "--config.file=" + config,
            "--storage.tsdb.path=" + directory.resolve("prometheus-data"),
            "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("prometheus.log").toFile())
        .start();
  }

  /** {@code name} as found on the PATH; fails saying what to install when it is not there. */
  private static String command(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        name + " is not on the PATH: install Debian's prometheus package (.ci/run does)");
  }

  private double queryValue(int port, String query) {
    try {
      HttpResponse<String> answer =
          get(
              URI.create(
                  "http://127.0.0.1:"
                      + port
                      + "/api/v1/query?query="
                      + URLEncoder.encode(query, StandardCharsets.UTF_8)));
      if (answer.statusCode() != 200) {
        return Double.NaN;
      }
      JsonNode result = JSON.readTree(answer.body()).path("data").path("result");
      return result.isEmpty() ? Double.NaN : result.get(0).get("value").get(1).asDouble();
    } catch (IOException e) {
      return Double.NaN; // not up yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
