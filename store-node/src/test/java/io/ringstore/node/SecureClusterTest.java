package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.ringstore.client.RingstoreClient;
import io.ringstore.client.netty.AuthenticationFailedException;
import io.ringstore.client.netty.ConnectionSettings;
import io.ringstore.client.netty.Credentials;
import io.ringstore.client.netty.Endpoint;
import io.ringstore.client.netty.MultiplexedConnection;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.time.SystemClock;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.PeerHello;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.Pong;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import io.ringstore.node.cli.CliEnvironment;
import io.ringstore.node.cli.RingstoreCommand;
import io.ringstore.node.config.NodeSecurity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes with TLS (mutual between nodes, certificates made by the test), client secrets
 * and a cluster secret: the nodes form their ring through all of it, a client with the credential
 * is served, and each of the wrong ones is refused (no credential, a wrong secret, plain TCP where
 * TLS is required, a certificate of another authority, a client greeting as a node) and counted,
 * while the good client keeps being served.
 */
class SecureClusterTest {
  private static final long TIMEOUT_MILLIS = 10_000;
  private static final byte[] ALICE_SECRET =
      "alice-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CLUSTER_SECRET =
      "the-cluster-secret-nodes-share!!".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path directory;

  private static TestCertificates authority;
  private static TestCertificates node;
  private static TestCertificates aliceCertificate;
  private static TestCertificates stranger;
  private static InProcessCluster cluster;
  private static RingstoreClient alice;
  private static final EventLoopGroup loops =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private static final List<MultiplexedConnection> opened = new ArrayList<>();

  @BeforeAll
  static void start() {
    authority = TestCertificates.authority(directory.resolve("pki"), "ringstore-test-ca");
    node = authority.issue("node");
    aliceCertificate = authority.issue("alice");
    stranger =
        TestCertificates.authority(directory.resolve("other-pki"), "other-ca").issue("mallory");
    cluster =
        InProcessCluster.start(
            directory.resolve("cluster"),
            new NodeSecurity(
                node.certificateFile(),
                node.keyFile(),
                authority.certificateFile(),
                true,
                Map.of("alice", ALICE_SECRET),
                CLUSTER_SECRET));
    alice =
        RingstoreClient.builder()
            .seeds(cluster.seeds())
            .tls(aliceTls())
            .credentials("alice", ALICE_SECRET)
            .build();
  }

  private static SslContext aliceTls() {
    try {
      return SslContextBuilder.forClient()
          .keyManager(
              aliceCertificate.certificateFile().toFile(), aliceCertificate.keyFile().toFile())
          .trustManager(authority.certificateFile().toFile())
          .build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    opened.forEach(MultiplexedConnection::close);
    if (alice != null) {
      alice.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static void aliceIsServed(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    alice.put(bytes, bytes);
    assertThat(alice.get(bytes).value()).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes));
  }

  private static MultiplexedConnection connect(ConnectionSettings settings) {
    NodeAssembly first = cluster.node(0);
    MultiplexedConnection connection =
        MultiplexedConnection.connect(
            new Bootstrap().group(loops).channel(NioSocketChannel.class),
            new Endpoint("node-1", first.self().host(), first.port()),
            settings);
    opened.add(connection);
    return connection;
  }

  private static CompletableFuture<Response> send(MultiplexedConnection to, Request request) {
    CompletableFuture<Response> answer = new CompletableFuture<>();
    to.send(request, TIMEOUT_MILLIS, DirectCaller.into(answer));
    return answer;
  }

  private static Throwable failureOf(CompletableFuture<Response> answer) throws Exception {
    try {
      Response response = answer.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a refusal, got " + response);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private static double refused(String reason) throws Exception {
    NodeAssembly first = cluster.node(0);
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://" + first.self().host() + ":" + first.adminPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return MetricsText.value(page.body(), "ringstore_refused_total{reason=\"" + reason + "\"}")
        .orElse(0);
  }

  /** Waits until the node counted more refusals for {@code reason} than {@code before}. */
  private static void awaitRefusedMoreThan(String reason, double before) {
    Await.until(
        "the node to count a refusal for " + reason,
        TIMEOUT_MILLIS,
        () -> {
          try {
            return refused(reason) > before;
          } catch (Exception e) {
            return false;
          }
        });
  }

  @Test
  void nodesFormTheirRingThroughMutualTlsAndTheClusterSecretAndServeAClientWithItsCredential() {
    assertThat(cluster.node(1).ring().members()).hasSize(InProcessCluster.NODES);
    aliceIsServed("over-tls");
  }

  @Test
  void theCommandLineConnectsWithTlsFlagsAndASecretAndIsRefusedWithout() throws Exception {
    Path secret = directory.resolve("alice.secret");
    java.nio.file.Files.write(secret, ALICE_SECRET);
    String seeds = String.join(",", cluster.seeds());
    List<String> alice =
        List.of(
            "--seeds",
            seeds,
            "--tls-ca",
            authority.certificateFile().toString(),
            "--tls-cert",
            aliceCertificate.certificateFile().toString(),
            "--tls-key",
            aliceCertificate.keyFile().toString(),
            "--user",
            "alice",
            "--secret-file",
            secret.toString());

    CommandRun status = ringstore(alice, "status");
    CommandRun anonymous = ringstore(List.of("--seeds", seeds, "--timeout-millis", "500"), "ping");

    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out().lines().filter(line -> line.contains(" UP ")))
        .hasSize(InProcessCluster.NODES);
    assertThat(anonymous.exitCode()).isNotZero();
  }

  private record CommandRun(int exitCode, String out, String err) {}

  private static CommandRun ringstore(List<String> options, String command) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine line =
        RingstoreCommand.commandLine(
            new CliEnvironment(
                Map.of(),
                directory,
                "java",
                "",
                new SystemClock(),
                java.io.InputStream.nullInputStream()));
    line.setOut(new java.io.PrintWriter(out, true));
    line.setErr(new java.io.PrintWriter(err, true));
    List<String> args = new ArrayList<>();
    args.add(command);
    args.addAll(options);
    int exitCode = line.execute(args.toArray(new String[0]));
    return new CommandRun(exitCode, out.toString(), err.toString());
  }

  @Test
  void aClientWithoutTheCredentialIsRefused() throws Exception {
    double before = refused("unauthenticated");
    MultiplexedConnection anonymous = connect(ConnectionSettings.defaults().withSsl(aliceTls()));

    Response answer = send(anonymous, new Ping(1)).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);

    assertThat(answer).isInstanceOf(ErrorResponse.class);
    assertThat(((ErrorResponse) answer).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(refused("unauthenticated")).isEqualTo(before + 1);
    aliceIsServed("after-anonymous");
  }

  @Test
  void aClientWithAWrongSecretIsRefusedWithoutLearningWhetherTheUserExists() throws Exception {
    MultiplexedConnection guesser =
        connect(
            ConnectionSettings.defaults()
                .withSsl(aliceTls())
                .withCredentials(
                    new Credentials(
                        "alice",
                        "not-alices-secret-but-long-enough".getBytes(StandardCharsets.UTF_8))));

    Throwable failure = failureOf(send(guesser, new Ping(2)));

    assertThat(failure).isInstanceOf(AuthenticationFailedException.class);
    assertThat(refused("unauthenticated")).isPositive();
    assertThat(failure.getMessage()).contains("unknown identity or wrong secret for 'alice'");
    aliceIsServed("after-guesser");
  }

  @Test
  void aPeerOverPlainTcpWhereTlsIsRequiredIsRefused() throws Exception {
    double before = refused("tls_handshake");
    MultiplexedConnection plain =
        connect(
            ConnectionSettings.defaults()
                .withCredentials(new Credentials(Credentials.NODE, CLUSTER_SECRET)));

    failureOf(send(plain, new PeerHello(NodeId.of("intruder"))));

    awaitRefusedMoreThan("tls_handshake", before);
    aliceIsServed("after-plain-peer");
  }

  @Test
  void aClientWithACertificateFromAnotherAuthorityIsRefused() throws Exception {
    double before = refused("tls_handshake"); // before connecting: the handshake starts at once
    SslContext strangerTls =
        SslContextBuilder.forClient()
            .keyManager(stranger.certificateFile().toFile(), stranger.keyFile().toFile())
            .trustManager(authority.certificateFile().toFile())
            .build();
    MultiplexedConnection mallory =
        connect(
            ConnectionSettings.defaults()
                .withSsl(strangerTls)
                .withCredentials(new Credentials("alice", ALICE_SECRET)));

    Throwable failure = failureOf(send(mallory, new Ping(3)));

    assertThat(failure).hasMessageContaining("closed");
    awaitRefusedMoreThan("tls_handshake", before);
    aliceIsServed("after-stranger");
  }

  @Test
  void aClientWithAUsersSecretCannotGreetAsANode() throws Exception {
    double before = refused("not_a_peer");
    MultiplexedConnection pretender =
        connect(
            ConnectionSettings.defaults()
                .withSsl(aliceTls())
                .withCredentials(new Credentials("alice", ALICE_SECRET)));
    assertThat(send(pretender, new Ping(4)).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
        .isEqualTo(new Pong(4));

    Response answer =
        send(pretender, new PeerHello(NodeId.of("node-9")))
            .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);

    assertThat(answer).isInstanceOf(ErrorResponse.class);
    assertThat(((ErrorResponse) answer).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(((ErrorResponse) answer).message()).contains("cluster secret");
    assertThat(refused("not_a_peer")).isEqualTo(before + 1);
    aliceIsServed("after-pretender");
  }
}
