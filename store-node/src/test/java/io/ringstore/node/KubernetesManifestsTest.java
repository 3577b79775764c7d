package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.ringstore.core.cluster.HostPort;
import io.ringstore.node.config.ConfigField;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests, read with the real Kubernetes API model (fabric8, failing on unknown
 * fields), agree with the node: every variable is a configuration key the node reads, the port is
 * the one every Service and probe uses, the seeds name pods of the headless Service, the data sits
 * on the volume claim, and the disruption budget and Services select the StatefulSet's pods.
 */
class KubernetesManifestsTest {
  private static final Path MANIFESTS = Path.of("..", "docker", "kubernetes", "ringstore.yaml");
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final Map<String, Service> services = new HashMap<>();
  private static StatefulSet statefulSet;
  private static PodDisruptionBudget budget;

  @BeforeAll
  static void readManifests() throws IOException {
    List<JsonNode> documents =
        YAML.readValues(YAML.createParser(MANIFESTS.toFile()), JsonNode.class).readAll();
    for (JsonNode document : documents) {
      switch (document.get("kind").asText()) {
        case "Service" -> {
          Service service = YAML.treeToValue(document, Service.class);
          services.put(service.getMetadata().getName(), service);
        }
        case "StatefulSet" -> statefulSet = YAML.treeToValue(document, StatefulSet.class);
        case "PodDisruptionBudget" ->
            budget = YAML.treeToValue(document, PodDisruptionBudget.class);
        default -> throw new AssertionError("unexpected kind " + document.get("kind"));
      }
    }
  }

  private static Container node() {
    return statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Map<String, EnvVar> environment() {
    return node().getEnv().stream().collect(Collectors.toMap(EnvVar::getName, env -> env));
  }

  /**
   * The model keeps fields it does not know in {@code additionalProperties} instead of failing, so
   * a misspelt field would pass unnoticed: every object that matters must have none.
   */
  @Test
  void everyFieldIsOneTheKubernetesModelKnows() {
    var pod = statefulSet.getSpec().getTemplate().getSpec();
    List<Map<String, Object>> unknown =
        List.of(
            statefulSet.getAdditionalProperties(),
            statefulSet.getSpec().getAdditionalProperties(),
            pod.getAdditionalProperties(),
            node().getAdditionalProperties(),
            node().getReadinessProbe().getAdditionalProperties(),
            node().getLivenessProbe().getAdditionalProperties(),
            statefulSet
                .getSpec()
                .getVolumeClaimTemplates()
                .get(0)
                .getSpec()
                .getAdditionalProperties(),
            budget.getAdditionalProperties(),
            budget.getSpec().getAdditionalProperties());
    assertThat(unknown).allSatisfy(fields -> assertThat(fields).isEmpty());
    services
        .values()
        .forEach(
            service -> {
              assertThat(service.getAdditionalProperties()).isEmpty();
              assertThat(service.getSpec().getAdditionalProperties()).isEmpty();
            });
  }

  @Test
  void everyVariableIsAConfigurationKeyOfTheNode() {
    Set<String> known =
        Arrays.stream(ConfigField.values())
            .map(ConfigField::environmentVariable)
            .collect(Collectors.toSet());

    assertThat(known).containsAll(environment().keySet());
    assertThat(environment().keySet())
        .contains("RINGSTORE_NODE_ID", "RINGSTORE_HOST", "RINGSTORE_PORT", "RINGSTORE_SEEDS");
  }

  @Test
  void theNodesPortIsTheOneTheServicesUseAndTheAdminPortTheOneProbesAndPrometheusUse() {
    int port = Integer.parseInt(environment().get("RINGSTORE_PORT").getValue());
    int adminPort = Integer.parseInt(environment().get("RINGSTORE_ADMIN_PORT").getValue());

    assertThat(node().getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactlyInAnyOrder("ringstore:" + port, "admin:" + adminPort);
    assertThat(services).containsKeys("ringstore", "ringstore-peers");
    services
        .values()
        .forEach(
            service ->
                assertThat(service.getSpec().getPorts())
                    .allSatisfy(p -> assertThat(p.getTargetPort().getIntVal()).isEqualTo(port)));
    assertThat(environment().get("RINGSTORE_ADMIN_HOST").getValue())
        .as("probes and Prometheus reach the admin endpoint on the pod's address")
        .isEqualTo("0.0.0.0");
    var readiness = node().getReadinessProbe().getHttpGet();
    assertThat(readiness.getPath()).isEqualTo("/health");
    assertThat(readiness.getPort().getStrVal()).isEqualTo("admin");
    assertThat(String.join(" ", node().getLivenessProbe().getExec().getCommand()))
        .contains("ringstore.jar ping --seeds \"$RINGSTORE_HOST:$RINGSTORE_PORT\"");
    assertThat(statefulSet.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/port", String.valueOf(adminPort))
        .containsEntry("prometheus.io/path", "/metrics");
  }

  @Test
  void seedsArePodsOfTheHeadlessServiceAndNodesAreNamedByThePod() {
    String headless = statefulSet.getSpec().getServiceName();
    Service peers = services.get(headless);

    assertThat(peers.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(peers.getSpec().getPublishNotReadyAddresses()).isTrue();
    int port = Integer.parseInt(environment().get("RINGSTORE_PORT").getValue());
    for (String seed : environment().get("RINGSTORE_SEEDS").getValue().split(",")) {
      HostPort address = HostPort.parse(seed);
      assertThat(address.host()).matches("ringstore-[0-9]+\\." + headless);
      assertThat(address.port()).isEqualTo(port);
    }
    assertThat(environment().get("RINGSTORE_NODE_ID").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
  }

  @Test
  void dataLivesOnTheVolumeClaim() {
    String claim = statefulSet.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
    var mount = node().getVolumeMounts().get(0);

    assertThat(mount.getName()).isEqualTo(claim);
    assertThat(Path.of(environment().get("RINGSTORE_DATA_DIR").getValue()))
        .startsWithRaw(Path.of(mount.getMountPath()));
  }

  @Test
  void theBudgetAndTheServicesSelectTheNodesPods() {
    Map<String, String> podLabels = statefulSet.getSpec().getTemplate().getMetadata().getLabels();

    assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    services
        .values()
        .forEach(s -> assertThat(podLabels).containsAllEntriesOf(s.getSpec().getSelector()));
  }
}
