package io.ringstore.node.cli;

import io.ringstore.node.config.ConfigField;
import io.ringstore.node.config.NodeConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringstore health}: asks a node's admin endpoint whether the node serves, prints its answer
 * and exits 0 when it does, {@link #NOT_READY} while it recovers or joins, 1 when the endpoint does
 * not answer. The Docker image's HEALTHCHECK runs it; by default it asks this machine's node at the
 * admin port of {@code RINGSTORE_ADMIN_PORT}.
 */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = "Ask a node's admin endpoint whether it serves; exit 0 when it does.")
final class HealthCommand implements Callable<Integer> {
  /** Exit code of a node that answers but does not serve yet (HTTP 503). */
  static final int NOT_READY = 4;

  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "the health URL (default http://127.0.0.1:$RINGSTORE_ADMIN_PORT/health, port 8000)")
  private String url;

  @Option(names = "--timeout-millis", description = "how long to wait (default 5000)")
  private int timeoutMillis = 5_000;

  HealthCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    URI uri;
    try {
      uri = URI.create(url != null ? url : defaultUrl());
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("health: not a URL: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMillis)).build();
    HttpResponse<String> answer;
    try {
      answer =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMillis)).GET().build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("health: " + uri + " did not answer: " + e);
      return ClientCalls.FAILED;
    }
    spec.commandLine().getOut().println(answer.body().strip());
    spec.commandLine().getOut().flush();
    return switch (answer.statusCode()) {
      case 200 -> CommandLine.ExitCode.OK;
      case 503 -> NOT_READY;
      default -> ClientCalls.FAILED;
    };
  }

  private String defaultUrl() {
    String port =
        environment
            .environment()
            .getOrDefault(
                ConfigField.ADMIN_PORT.environmentVariable(),
                String.valueOf(NodeConfigLoader.ADMIN_PORT_DEFAULT));
    return "http://127.0.0.1:" + port + "/health";
  }
}
